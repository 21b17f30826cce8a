namespace Concurrency.Abstractions;

/// <summary>
/// A silo's .NET thread pool at one moment, and the turn length past which Orleans logs a long-turn warning.
/// Grain turns run on this pool, so a turn that blocks holds one of these threads.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.thread-pool-snapshot")]
public sealed record ThreadPoolSnapshot(
    int ThreadCount,
    int MinWorkerThreads,
    int MaxWorkerThreads,
    long PendingWorkItems,
    int ProcessorCount,
    TimeSpan TurnWarningThreshold);
