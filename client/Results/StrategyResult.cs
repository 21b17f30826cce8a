namespace Concurrency.Client.Results;

/// <summary>
/// One way of doing the experiment's work: what the experiment's model expects, what was measured,
/// and any further figures (counts, percentiles, results) in <see cref="Metrics"/>.
/// </summary>
public sealed record StrategyResult(string Name, double? ExpectedSeconds, double MeasuredSeconds, IReadOnlyDictionary<string, object?>? Metrics = null);
