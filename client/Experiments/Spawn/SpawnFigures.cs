using Concurrency.Client.Experiments.Isolation;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// One break-even strategy: the size of its tasks, how long each took with a fresh start and without one (the pairs
/// run side by side, so the machine's load falls on both alike), and the start's share: the median of the pairs'
/// differences over the median task without a start.
/// </summary>
public sealed record SpawnFigures(long TaskTerms, Spread Started, Spread Unstarted, double OverheadShare) : StrategyFigures;
