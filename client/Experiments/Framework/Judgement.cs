using System.Globalization;

namespace Concurrency.Client.Experiments;

/// <summary>
/// One round's reading of an experiment's checks. The judge states, for each check, the measured figure, its model,
/// the bound and the rule; <see cref="Evidence"/> then decides each check from every round's readings together, on
/// the interval of their mean. <see cref="Note"/> states a figure without deciding anything, and
/// <see cref="NotJudged"/> says why the claim cannot be judged from these strategies at all (one core, one strategy).
/// </summary>
public sealed class Judgement
{
    private readonly List<Reading> _readings = [];
    private readonly List<string> _notes = [];

    public IReadOnlyList<Reading> Readings => _readings;

    public IReadOnlyList<string> Notes => _notes;

    /// <summary>The first reason given why the claim cannot be judged, or null.</summary>
    public string? NotJudgedReason { get; private set; }

    /// <summary>Passes when <paramref name="measured"/> is surely at least <paramref name="bound"/>; the rule names where the bound comes from.</summary>
    public Judgement AtLeast(string figure, double measured, double model, double bound, string rule, string unit = "") =>
        Add(new ThresholdReading(figure, rule, measured, model, bound, PassSide.AtLeast, unit));

    /// <summary>Passes when <paramref name="measured"/> is surely at most <paramref name="bound"/>.</summary>
    public Judgement AtMost(string figure, double measured, double model, double bound, string rule, string unit = "") =>
        Add(new ThresholdReading(figure, rule, measured, model, bound, PassSide.AtMost, unit));

    /// <summary>
    /// A figure measured once for the whole run, before the rounds: decided on the interval of its own
    /// <paramref name="samples"/>, each against <paramref name="bound"/>, not on the rounds' repeats of it.
    /// </summary>
    public Judgement AtMostOnce(string figure, IReadOnlyList<double> samples, double model, double bound, string rule, string unit = "") =>
        Add(new ThresholdReading(figure, rule, samples.Count > 0 ? samples.Average() : double.NaN, model, bound, PassSide.AtMost, unit, MeasuredOnce: samples));

    /// <summary>As <see cref="AtMostOnce"/>, passing when the figure is surely at least <paramref name="bound"/>.</summary>
    public Judgement AtLeastOnce(string figure, IReadOnlyList<double> samples, double model, double bound, string rule, string unit = "") =>
        Add(new ThresholdReading(figure, rule, samples.Count > 0 ? samples.Average() : double.NaN, model, bound, PassSide.AtLeast, unit, MeasuredOnce: samples));

    /// <summary>
    /// A speedup: it passes at <paramref name="tolerance"/> x its model or more, and is a measurement fault above
    /// <paramref name="physicalLimit"/> (with 10% for the timer), since no strategy can beat the cores there are.
    /// </summary>
    public Judgement Speedup(string figure, double measured, double model, double tolerance, double physicalLimit, string limitWhy)
    {
        var bound = tolerance * model;
        var ceiling = physicalLimit * 1.1;
        var rule = $"pass if >= {F(tolerance)} x model = {F(bound)}x; above {F(ceiling)}x ({limitWhy}, +10%) is a measurement fault";
        return Add(new ThresholdReading(figure, rule, measured, model, bound, PassSide.AtLeast, "x", ceiling));
    }

    /// <summary>Passes when <paramref name="measured"/> is within a factor <paramref name="factor"/> of the model, either way.</summary>
    public Judgement WithinFactor(string figure, double measured, double model, double factor, string unit = "")
    {
        var (low, high) = (model / factor, model * factor);
        return Add(new BandReading(figure, $"pass within {F(factor)}x of the model, either way ({F(low)} to {F(high)}{unit})", measured, model, low, high, unit));
    }

    /// <summary>A fact that must be exactly so in every round (the same pi to the last bit, every download accounted for).</summary>
    public Judgement Exact(string figure, bool ok, string measured, string expected) =>
        Add(new FactReading(figure, $"exactly {expected}", ok, measured, expected));

    /// <summary>A figure worth stating that decides nothing.</summary>
    public Judgement Note(string text)
    {
        _notes.Add(text);
        return this;
    }

    /// <summary>
    /// This round gives no sample of <paramref name="figure"/>, for <paramref name="reason"/>: the machine gave too few
    /// cores while it ran, say, so its time shows the neighbour rather than the strategy. Unlike
    /// <see cref="NotJudged"/>, the other rounds' samples still decide the figure, and more rounds may be taken for it;
    /// the claim is not judged only where no round read it.
    /// </summary>
    public Judgement Unread(string figure, string reason) => Add(new UnreadReading(figure, reason));

    /// <summary>The claim cannot be judged from these strategies; the first reason given is kept.</summary>
    public Judgement NotJudged(string reason)
    {
        NotJudgedReason ??= reason;
        return this;
    }

    /// <summary>
    /// Sets this round's timing aside: only its facts are kept, and <paramref name="reason"/> (a silo lost mid-run)
    /// says why the claim is not judged, before any other reason.
    /// </summary>
    public Judgement SetAside(string reason)
    {
        _readings.RemoveAll(r => r is not FactReading);
        NotJudgedReason = reason;
        return this;
    }

    private Judgement Add(Reading reading)
    {
        _readings.Add(reading);
        return this;
    }

    /// <summary>A figure to three significant digits or so: 0.0123, 1.95, 52.3, 1,234.</summary>
    public static string F(double value, bool withSign = false)
    {
        var text = Math.Abs(value) switch
        {
            >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
            >= 10 => value.ToString("0.#", CultureInfo.InvariantCulture),
            >= 0.1 => value.ToString("0.##", CultureInfo.InvariantCulture),
            >= 0.001 => value.ToString("0.####", CultureInfo.InvariantCulture),
            0 => "0",
            _ => value.ToString("0.###E+0", CultureInfo.InvariantCulture),
        };
        return withSign && value >= 0 ? "+" + text : text;
    }
}
