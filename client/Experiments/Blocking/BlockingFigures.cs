using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// What one blocking strategy measured: its fetches and how many failed; for the blocking strategies, the requests
/// that blocked past Orleans' turn warning threshold and the longest; for blocking-many, the silo's pool.
/// </summary>
public sealed record BlockingFigures(int Fetches, long Failed, int? LongTurns = null, double? LongestTurnSeconds = null, PoolFigures? Pool = null) : StrategyFigures, ICountsFailures;
