using System.Globalization;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Builds an experiment's verdict from checks. Each check compares one measured figure with its model under a stated
/// tolerance and records the margin; <see cref="Note"/> states a figure without deciding anything, and
/// <see cref="NotJudged"/> says why the claim cannot be judged from this run. The claim holds when at least one check
/// ran, every check passed and nothing made it unjudgeable.
/// </summary>
public sealed class Judgement
{
    private readonly List<Check> _checks = [];
    private readonly List<string> _notes = [];
    private string? _notJudged;

    public IReadOnlyList<Check> Checks => _checks;

    /// <summary>Passes when <paramref name="measured"/> is at least <paramref name="bound"/>; the rule names where the bound comes from.</summary>
    public Judgement AtLeast(string figure, double measured, double model, double bound, string rule, string unit = "") =>
        Add(figure, measured, model, rule, measured - bound, measured >= bound ? CheckOutcome.Pass : CheckOutcome.Fail, unit, bound);

    /// <summary>Passes when <paramref name="measured"/> is at most <paramref name="bound"/>.</summary>
    public Judgement AtMost(string figure, double measured, double model, double bound, string rule, string unit = "") =>
        Add(figure, measured, model, rule, bound - measured, measured <= bound ? CheckOutcome.Pass : CheckOutcome.Fail, unit, bound);

    /// <summary>
    /// A speedup: it passes at <paramref name="tolerance"/> x its model or more, and is a measurement fault above
    /// <paramref name="physicalLimit"/> (with 10% for the timer), since no strategy can beat the cores there are.
    /// </summary>
    public Judgement Speedup(string figure, double measured, double model, double tolerance, double physicalLimit, string limitWhy)
    {
        var bound = tolerance * model;
        var ceiling = physicalLimit * 1.1;
        var rule = $"pass if >= {F(tolerance)} x model = {F(bound)}x; above {F(ceiling)}x ({limitWhy}, +10%) is a measurement fault";
        var outcome = measured > ceiling ? CheckOutcome.Fault : measured >= bound ? CheckOutcome.Pass : CheckOutcome.Fail;
        return Add(figure, measured, model, rule, measured - bound, outcome, "x", bound);
    }

    /// <summary>Passes when <paramref name="measured"/> is within <paramref name="relative"/> of the model, either way.</summary>
    public Judgement Within(string figure, double measured, double model, double relative, string unit = "")
    {
        var allowed = relative * Math.Abs(model);
        var rule = $"pass within +/-{relative:0%} of the model ({F(model - allowed)} to {F(model + allowed)}{unit})";
        return Add(figure, measured, model, rule, allowed - Math.Abs(measured - model), Math.Abs(measured - model) <= allowed ? CheckOutcome.Pass : CheckOutcome.Fail, unit, null);
    }

    /// <summary>Passes when <paramref name="measured"/> is within a factor <paramref name="factor"/> of the model, either way.</summary>
    public Judgement WithinFactor(string figure, double measured, double model, double factor, string unit = "")
    {
        var (low, high) = (model / factor, model * factor);
        var rule = $"pass within {F(factor)}x of the model, either way ({F(low)} to {F(high)}{unit})";
        var margin = Math.Min(measured - low, high - measured);
        return Add(figure, measured, model, rule, margin, margin >= 0 ? CheckOutcome.Pass : CheckOutcome.Fail, unit, measured < model ? low : high);
    }

    /// <summary>A fact that must be exactly so (the same pi to the last bit, every download accounted for).</summary>
    public Judgement Exact(string figure, bool ok, string measured, string expected)
    {
        var line = $"{figure}: {measured}; expected {expected}: {(ok ? "pass" : "FAIL")}";
        _checks.Add(new Check(figure, null, null, $"exactly {expected}", null, ok ? CheckOutcome.Pass : CheckOutcome.Fail, line));
        return this;
    }

    /// <summary>A figure worth stating that decides nothing.</summary>
    public Judgement Note(string text)
    {
        _notes.Add(text);
        return this;
    }

    /// <summary>The claim cannot be judged from this run; the first reason given is kept.</summary>
    public Judgement NotJudged(string reason)
    {
        _notJudged ??= reason;
        return this;
    }

    public Verdict Verdict(string why)
    {
        var state = _checks.Any(c => !c.Passed) ? VerdictState.DoesNotHold
            : _notJudged is not null || _checks.Count == 0 ? VerdictState.NotJudged
            : VerdictState.Holds;
        var reason = state == VerdictState.NotJudged ? _notJudged ?? "no check applies to the strategies run" : _notJudged;
        return new Verdict(state, [.. _checks], reason, [.. _notes], why);
    }

    private Judgement Add(string figure, double measured, double model, string rule, double margin, CheckOutcome outcome, string unit, double? bound)
    {
        var relative = bound is { } b && b != 0 ? $" ({margin / Math.Abs(b):+0%;-0%})" : "";
        var result = outcome switch
        {
            CheckOutcome.Pass => "pass",
            CheckOutcome.Fail => "FAIL",
            _ => "MEASUREMENT FAULT",
        };
        var line = $"{figure}: measured {F(measured)}{unit}, model {F(model)}{unit}; {rule}: {result}, margin {F(margin, withSign: true)}{unit}{relative}";
        _checks.Add(new Check(figure, measured, model, rule, margin, outcome, line));
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
