using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Decides a verdict from every round's readings. Each check is decided on the interval of its samples' mean, taken
/// over the rounds: it passes when the whole 95% interval lies on the pass side of its bound, fails only when the
/// whole 99% interval lies on the other side (<see cref="Interval.BeyondDoubt"/>), and is too noisy otherwise, so
/// noise makes a check decide nothing rather than fail a true claim. A fact must hold in every round. The claim
/// holds when every check passed.
/// </summary>
public static class Evidence
{
    public static Verdict Decide(IReadOnlyList<Judgement> rounds, string why)
    {
        var figures = rounds.SelectMany(r => r.Readings).GroupBy(r => r.Figure).ToList();
        var checks = figures.Where(f => f.Any(r => r is not UnreadReading)).Select(Decide).ToList();

        // A figure no round could read leaves the claim not judged, for the reason its rounds gave.
        var unreadEverywhere = figures.Where(f => f.All(r => r is UnreadReading))
            .Select(f => $"{((UnreadReading)f.First()).Reason} (in each of the {f.Count()} round(s) that ran it)").FirstOrDefault();
        var notJudged = rounds.Select(r => r.NotJudgedReason).FirstOrDefault(r => r is not null) ?? unreadEverywhere;
        var noisy = checks.Where(c => c.Outcome == CheckOutcome.TooNoisy).ToList();
        var state = checks.Any(c => c.Outcome is CheckOutcome.Fail or CheckOutcome.Fault) ? VerdictState.DoesNotHold
            : notJudged is not null || noisy.Count > 0 || checks.Count == 0 ? VerdictState.NotJudged
            : VerdictState.Holds;
        var reason = notJudged
            ?? (noisy.Count > 0 ? $"too noisy: {string.Join("; ", noisy.Select(Straddle))}" : null)
            ?? (state == VerdictState.NotJudged ? "no check applies to the strategies run" : null);
        return new Verdict(state, checks, reason, rounds.Count > 0 ? rounds[^1].Notes : [], why);
    }

    /// <summary>
    /// Whether another round could still decide something: some check is too noisy, no judge said the claim cannot be
    /// judged at all (one core), and no fact failed (a wrong result is wrong however often it is sampled).
    /// </summary>
    public static bool MoreRoundsCouldDecide(IReadOnlyList<Judgement> rounds, Verdict verdict) =>
        verdict.Checks.Any(c => c.Outcome == CheckOutcome.TooNoisy)
        && rounds.All(r => r.NotJudgedReason is null)
        && !rounds.SelectMany(r => r.Readings).OfType<FactReading>().Any(f => !f.Ok);

    private static Check Decide(IGrouping<string, Reading> figure)
    {
        var read = figure.Where(r => r is not UnreadReading).ToList();
        var check = read[0] switch
        {
            ThresholdReading => Threshold([.. read.OfType<ThresholdReading>()]),
            BandReading => Band([.. read.OfType<BandReading>()]),
            _ => Fact([.. read.OfType<FactReading>()]),
        };
        var unread = figure.OfType<UnreadReading>().Select(u => u.Reason).ToList();
        return unread.Count == 0 ? check : check with
        {
            Unread = unread,
            Line = $"{check.Line} ({unread.Count} of {figure.Count()} rounds not read: {unread[0]})",
        };
    }

    private static Check Threshold(List<ThresholdReading> readings)
    {
        var first = readings[0];

        // A figure measured once is every round's same reading: its own samples are the evidence, the repeats none.
        List<double> samples = first.MeasuredOnce is { } once ? [.. once] : [.. readings.Select(r => r.Measured)];
        List<double> bounds = first.MeasuredOnce is null ? [.. readings.Select(r => r.Bound)] : [.. samples.Select(_ => first.Bound)];
        var log = Interval.Positive(samples) && Interval.Positive(bounds);
        var sign = first.Side == PassSide.AtLeast ? 1 : -1;
        var outcome = first.Ceiling is { } ceiling && log
            && Interval.Of([.. samples.Select(m => Math.Log(m / ceiling))], logScale: false, Interval.BeyondDoubt) is { Low: > 0 }
            ? CheckOutcome.Fault
            : Side([.. samples.Zip(bounds, (m, b) => sign * (log ? Math.Log(m / b) : m - b))]);
        var interval = Interval.Of(samples, log);
        var centre = interval?.Centre ?? samples.Average();
        var bound = log ? Math.Exp(bounds.Average(b => Math.Log(b))) : bounds.Average();

        // A model taken from each round's own costs (the cores a pool's round had) differs by round: the check shows
        // their mean and says so, rather than round 1's as if it were every round's.
        var models = readings.Select(r => r.Model).ToList();
        var (model, shown) = models.Distinct().Count() > 1 && models.All(m => m > 0)
            ? (Math.Exp(models.Average(Math.Log)), first with { Rule = $"{first.Rule} (the bound of round 1: each round is judged on its own model, {Judgement.F(models.Min())} to {Judgement.F(models.Max())}{first.Unit})" })
            : (first.Model, first);
        return Numeric(shown, model, first.Unit, outcome, samples, interval, sign * (centre - bound), bound) with { Bounds = bounds };
    }

    private static Check Band(List<BandReading> readings)
    {
        var first = readings[0];
        var samples = readings.Select(r => r.Measured).ToList();
        var log = Interval.Positive(samples) && first.Low > 0;
        double Scale(double v) => log ? Math.Log(v) : v;
        var (aboveLow, belowHigh) = (Side([.. readings.Select(r => Scale(r.Measured) - Scale(r.Low))]), Side([.. readings.Select(r => Scale(r.High) - Scale(r.Measured))]));
        var outcome = aboveLow == CheckOutcome.Fail || belowHigh == CheckOutcome.Fail ? CheckOutcome.Fail
            : aboveLow == CheckOutcome.Pass && belowHigh == CheckOutcome.Pass ? CheckOutcome.Pass
            : CheckOutcome.TooNoisy;
        var interval = Interval.Of(samples, log);
        var centre = interval?.Centre ?? samples.Average();
        var edge = centre < first.Model ? first.Low : first.High;
        return Numeric(first, first.Model, first.Unit, outcome, samples, interval, Math.Min(centre - first.Low, first.High - centre), edge)
            with { Bounds = [first.Low, first.High], Low = first.Low, High = first.High };
    }

    /// <summary>
    /// Which side of zero the margins surely lie on: the pass side when their 95% interval is wholly there, the fail
    /// side only when their 99% interval is (<see cref="Interval.BeyondDoubt"/>); too noisy otherwise, or with one sample.
    /// </summary>
    private static CheckOutcome Side(List<double> margins) =>
        Interval.Of(margins, logScale: false) is not { } shown ? CheckOutcome.TooNoisy
        : shown.Low >= 0 ? CheckOutcome.Pass
        : Interval.Of(margins, logScale: false, Interval.BeyondDoubt) is { High: < 0 } ? CheckOutcome.Fail
        : CheckOutcome.TooNoisy;

    /// <summary>A figure's check, with the line that says it: its interval, model, rule and decision.</summary>
    private static Check Numeric(Reading first, double model, string unit, CheckOutcome outcome, List<double> samples, Interval? interval, double margin, double bound)
    {
        var line = $"{first.Figure}: {Measured(interval, samples, unit)}, model {Judgement.F(model)}{unit}; {first.Rule}: " +
            Result(outcome, margin, unit, $"{Judgement.F(bound)}{unit}", samples.Count);
        return new Check(first.Figure, interval?.Centre ?? samples.Average(), model, first.Rule, margin, outcome, line)
        {
            Interval = interval,
            Unit = unit,
            Samples = samples,
            Bound = bound,
        };
    }

    private static Check Fact(List<FactReading> readings)
    {
        var wrong = readings.FirstOrDefault(r => !r.Ok);
        var shown = wrong ?? readings[^1];
        var rounds = readings.Count == 1 ? "" : wrong is null ? $" (in all {readings.Count} rounds)" : $" (round {readings.IndexOf(wrong) + 1} of {readings.Count})";
        var line = $"{shown.Figure}: {shown.Measured}; expected {shown.Expected}{rounds}: {(wrong is null ? "pass" : "FAIL")}";
        return new Check(shown.Figure, null, null, shown.Rule, null, wrong is null ? CheckOutcome.Pass : CheckOutcome.Fail, line);
    }

    private static string Measured(Interval? interval, List<double> samples, string unit) =>
        interval is { } i ? i.Describe(unit) : $"{Judgement.F(samples[0])}{unit} (one sample: no interval)";

    private static string Result(CheckOutcome outcome, double margin, string unit, string bound, int samples) => outcome switch
    {
        CheckOutcome.Pass => $"pass, margin {Judgement.F(margin, withSign: true)}{unit}",
        CheckOutcome.Fail => $"FAIL (even the {Interval.BeyondDoubt:0%} interval), margin {Judgement.F(margin, withSign: true)}{unit}",
        CheckOutcome.Fault => "MEASUREMENT FAULT",
        _ when samples < 2 => "too noisy (one sample decides nothing)",
        _ => $"too noisy (straddles {bound})",
    };

    private static string Straddle(Check check) => check.Interval is { } i
        ? $"{check.Figure} {i.Describe(check.Unit)} straddles {Judgement.F(check.Bound ?? double.NaN)}{check.Unit}"
        : $"{check.Figure} was sampled once";
}
