using Concurrency.Abstractions.Lab;

namespace Concurrency.Hosting.Lab;

/// <summary>
/// The lab page's first event: what every silo kept while no page was open. Its pool's last minute, oldest point
/// first, and its calls of the last 15 s and those still running, cut as a tick cuts them.
/// </summary>
public sealed record LabHistory(IReadOnlyList<LabHistorySilo> Silos);

public sealed record LabHistorySilo(string Silo, long At, IReadOnlyList<LabPoolPoint> Points, IReadOnlyList<LabTickCall> Calls, IReadOnlyList<LabTickCall> InFlight, bool Sampled)
{
    public static LabHistorySilo From(string silo, LabSiloHistory history) =>
        new(silo, history.AtMicroseconds, history.Pool, [.. history.Calls.Select(LabTickCall.From)], [.. history.InFlight.Select(LabTickCall.From)], history.Sampled);
}
