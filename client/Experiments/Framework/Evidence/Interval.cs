using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace Concurrency.Client.Experiments;

/// <summary>
/// A confidence interval for the mean of a figure sampled once per round: Student's t on the samples, or on their
/// logarithms where every sample is positive (a ratio or a time is multiplicative noise, so its interval is
/// symmetric in log space and never reaches zero). MathNet.Numerics supplies the t quantile.
/// </summary>
public readonly record struct Interval(double Low, double High, int Samples, bool LogScale, double Confidence = Interval.Shown)
{
    /// <summary>The two-sided confidence level of the intervals shown, and on which a check passes.</summary>
    public const double Shown = 0.95;

    /// <summary>
    /// The level a check must clear to fail: a failure says the claim is false on this machine, so it needs the
    /// interval at 99% wholly on the wrong side. Sampling rounds until the interval decides looks at the data several
    /// times: at 95% a look, noise of 25% a round failed a true claim 1.1x over its bound in one tour of 44; at 99%,
    /// one in 150 (JudgementTests simulates it).
    /// </summary>
    public const double BeyondDoubt = 0.99;

    /// <summary>The centre: the geometric mean on a log scale, the mean otherwise.</summary>
    public double Centre => LogScale ? Math.Sqrt(Low * High) : (Low + High) / 2;

    /// <summary>The interval of <paramref name="samples"/>' mean, or null with fewer than two (one sample has no spread to judge).</summary>
    public static Interval? Of(IReadOnlyList<double> samples, bool logScale, double confidence = Shown)
    {
        if (samples.Count < 2 || samples.Any(s => !double.IsFinite(s)) || (logScale && samples.Any(s => s <= 0)))
        {
            return null;
        }

        var values = logScale ? samples.Select(s => Math.Log(s)).ToArray() : [.. samples];
        var mean = values.Mean();
        var half = StudentT.InvCDF(0, 1, values.Length - 1, 0.5 + (confidence / 2)) * values.StandardDeviation() / Math.Sqrt(values.Length);
        return logScale
            ? new Interval(Math.Exp(mean - half), Math.Exp(mean + half), values.Length, LogScale: true, confidence)
            : new Interval(mean - half, mean + half, values.Length, LogScale: false, confidence);
    }

    /// <summary>Whether every sample and bound is positive, so the figure is judged on a log scale.</summary>
    public static bool Positive(IEnumerable<double> values) => values.All(v => v > 0 && double.IsFinite(v));

    public string Describe(string unit) => $"{Judgement.F(Low)}{unit} to {Judgement.F(High)}{unit} ({Confidence:0%}, {Samples} samples)";
}
