namespace Concurrency.Client.Experiments;

/// <summary>
/// Latency percentiles by nearest rank: p99 is the latency that 99 % of the requests did not exceed. The tail is
/// what a queue shows first: a few requests stuck behind a long turn leave the median alone and move p99.
/// </summary>
public static class Latencies
{
    /// <summary>The <paramref name="quantile"/> (0..1) of <paramref name="sorted"/>, which must be in ascending order.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double quantile) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];
}
