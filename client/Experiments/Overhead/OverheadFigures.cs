using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// What one overhead strategy measured: its cost per item, the grain calls it made, the items' pi (four times the sum
/// of their partial sums, in item order) and a hash of every item's result bits, which must be the same for every strategy.
/// </summary>
public sealed record OverheadFigures(double PerItemMicroseconds, long GrainCalls, decimal Result, ulong ResultsHash) : StrategyFigures;
