using Concurrency.Abstractions.Tracing;

namespace Concurrency.Abstractions.Lab;

/// <summary>
/// What a silo kept for a page that opens mid-run, page or no page: the last minute of its thread pool, oldest point
/// first; the calls of the lab's grains that ended in the last <see cref="LabLimits.RecentCallsWindow"/> (the newest
/// <see cref="LabLimits.HistoryCalls"/>, oldest first); and the calls still running, with their turns so far.
/// With no page open a silo records only the first <see cref="LabLimits.RecentCallsPerPoint"/> calls of each half
/// second, so on a busy silo these are a sample of the calls, and <see cref="Sampled"/> says so.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.lab-silo-history")]
public sealed record LabSiloHistory(
    [property: Id(0)] long AtMicroseconds,
    [property: Id(1)] IReadOnlyList<LabPoolPoint> Pool,
    [property: Id(2)] IReadOnlyList<GrainCallRecord> Calls,
    [property: Id(3)] IReadOnlyList<GrainCallRecord> InFlight,
    [property: Id(4)] bool Sampled)
{
    public static LabSiloHistory Empty { get; } = new(0, [], [], [], Sampled: false);
}
