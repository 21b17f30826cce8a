namespace Concurrency.Abstractions;

/// <summary>
/// What a silo's process holds right now, for soak runs and for checking that nothing keeps running after a run
/// stops: memory, crunch calls still computing, and simulated-network timers still pending.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.silo-health")]
public sealed record SiloHealth(
    long WorkingSetBytes,
    long ManagedHeapBytes,
    int RunningCrunches,
    int PendingNetworkTimers,
    int ThreadCount);
