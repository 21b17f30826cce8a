namespace Concurrency.Client.Results;

/// <summary>
/// What a strategy's model predicts: the strategy's wall time, and for a latency experiment the requests' median
/// and 99th percentile.
/// </summary>
public sealed record Expectation(double Seconds, double? P50Ms = null, double? P99Ms = null);
