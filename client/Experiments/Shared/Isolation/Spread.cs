using System.Text.Json.Serialization;

namespace Concurrency.Client.Experiments.Isolation;

/// <summary>
/// Several timings of one thing: the median, and the 10th and 90th percentiles as its spread, in milliseconds. A
/// median of several is what a loaded machine lets one trust; the spread says how much to trust it. The timings
/// themselves (<see cref="Seconds"/>) are kept for a check decided on them, and left out of reports.
/// </summary>
public sealed record Spread(int Samples, double MedianMs, double LowMs, double HighMs, [property: JsonIgnore] IReadOnlyList<double>? Seconds = null)
{
    public double MedianSeconds => MedianMs / 1e3;

    public static Spread Of(IEnumerable<double> seconds)
    {
        var sorted = seconds.Select(s => s * 1e3).Order().ToList();
        return sorted.Count == 0
            ? throw new ArgumentException("a spread needs at least one sample", nameof(seconds))
            : new Spread(sorted.Count, Median(sorted), Latencies.Percentile(sorted, 0.10), Latencies.Percentile(sorted, 0.90), [.. sorted.Select(ms => ms / 1e3)]);
    }

    /// <summary>Times <paramref name="once"/> <paramref name="samples"/> times, one after another.</summary>
    public static async Task<Spread> TimeAsync(int samples, Func<Task> once)
    {
        var seconds = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var (_, elapsed) = await Measure.SecondsAsync(async () =>
            {
                await once();
                return 0;
            });
            seconds.Add(elapsed);
        }

        return Of(seconds);
    }

    public override string ToString() =>
        Samples == 1 ? $"{Judgement.F(MedianMs)} ms (1 sample)" : $"{Judgement.F(MedianMs)} ms (p10-p90 {Judgement.F(LowMs)}-{Judgement.F(HighMs)}, {Samples} samples)";

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
