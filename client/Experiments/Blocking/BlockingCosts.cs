using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// The silo's thread pool before any strategy runs, read inside the silo through a grain call: the threads it has
/// and the minimum it creates without delay, and the turn length past which Orleans warns.
/// </summary>
public sealed record BlockingCosts(int PoolThreads, int MinThreads, int SiloProcessorCount, double TurnWarningSeconds) : MeasuredCosts
{
    /// <summary>The threads a burst of blocking turns gets at once: those the pool has, and up to its minimum made on demand.</summary>
    public int ReadyThreads => Math.Max(PoolThreads, MinThreads);
}
