namespace Concurrency.Client.Advice;

/// <summary>
/// A workload as <c>client advise</c> describes it: its kind, how many operations run at once, how long one takes,
/// whether simple code matters more than the last bit of throughput, for a mixed workload the CPU time of a request,
/// whether I/O is done by blocking code called from async code (<paramref name="Blocking"/>), and whether CPU jobs
/// share mutable state in memory (<paramref name="SharedState"/>).
/// </summary>
public sealed record Workload(WorkloadKind Kind, int Concurrency, TimeSpan Duration, bool Simple = false, TimeSpan? CpuDuration = null, bool Blocking = false, bool SharedState = false);
