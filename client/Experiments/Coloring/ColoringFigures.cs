using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// One coloring strategy's figures: requests answered, how many deadlocked (and the longest it took to find one),
/// whether the silo answered a further call afterwards, and the pings' latency on the activation meanwhile.
/// </summary>
public sealed record ColoringFigures(int Requests, int Answered, int Deadlocks, double LongestDeadlockSeconds, bool HealthyAfter, double P50Ms, double P99Ms, double MaxMs, int Pings) : StrategyFigures, ICountsFailures
{
    /// <summary>Requests the client gave up on, and a silo that did not recover: a deadlock that was found and broken is the strategy's expected outcome, not a failure.</summary>
    public long Failed => Requests - Answered + (HealthyAfter ? 0 : 1);
}
