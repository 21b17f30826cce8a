using Concurrency.Abstractions.Tracing;

namespace Concurrency.Abstractions.Lab;

/// <summary>
/// What one silo did since the lab page last asked: its thread pool and cores now, the grain calls that ended since
/// (at most <see cref="LabLimits.CallsPerSample"/>; <see cref="CallsLeftOut"/> counts the rest) and the calls still
/// running, with their turns so far (at most <see cref="LabLimits.InFlightPerSample"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.lab-sample")]
public sealed record LabSample(
    [property: Id(0)] string Silo,
    [property: Id(1)] long AtMicroseconds,
    [property: Id(2)] int Threads,
    [property: Id(3)] long QueuedWorkItems,
    [property: Id(4)] double CoresBusy,
    [property: Id(5)] int Cores,
    [property: Id(6)] int RunningCrunches,
    [property: Id(7)] IReadOnlyList<GrainCallRecord> Calls,
    [property: Id(8)] IReadOnlyList<GrainCallRecord> InFlight,
    [property: Id(9)] long CallsLeftOut,
    [property: Id(10)] long InFlightLeftOut);

/// <summary>How much of a silo's activity one sample carries to the browser, so a run of a million calls stays light.</summary>
public static class LabLimits
{
    public const int CallsPerSample = 400;
    public const int InFlightPerSample = 100;
    public const int TurnsPerCall = 32;

    /// <summary>How long a silo keeps recording for the lab page after it was last asked for a sample.</summary>
    public static readonly TimeSpan WatchLease = TimeSpan.FromSeconds(3);

    /// <summary>How often a silo adds a point to its thread-pool history, page or no page.</summary>
    public static readonly TimeSpan PoolPointEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>The points a silo's thread-pool history keeps: the last minute, which the page's pool chart spans.</summary>
    public const int PoolHistoryPoints = 120;

    /// <summary>How far back a silo keeps ended calls for a page that opens later: the span the page's lanes draw.</summary>
    public static readonly TimeSpan RecentCallsWindow = TimeSpan.FromSeconds(15);

    /// <summary>
    /// With no page open, the most calls a silo starts recording in each <see cref="PoolPointEvery"/>: the first ones
    /// of each half second, so a run of a million calls costs a few hundred recorded calls a second, not a trace.
    /// </summary>
    public const int RecentCallsPerPoint = 200;

    /// <summary>The most ended calls a silo keeps: 15 s at the unwatched rate; with a page open it holds fewer seconds.</summary>
    public const int RecentCallsKept = 6_000;

    /// <summary>The most ended calls the first event to a page carries from one silo, the newest.</summary>
    public const int HistoryCalls = 1_200;
}
