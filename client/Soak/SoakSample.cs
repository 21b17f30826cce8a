namespace Concurrency.Client.Soak;

/// <summary>The silo after one soak iteration (or while it settles): activations, memory, and work still running.</summary>
public sealed record SoakSample(
    int Iteration,
    double ElapsedSeconds,
    int Activations,
    double WorkingSetMegabytes,
    double ManagedHeapMegabytes,
    int RunningCrunches,
    int PendingNetworkTimers,
    int SiloThreads);
