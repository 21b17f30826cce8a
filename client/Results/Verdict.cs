using System.Text.Json.Serialization;
using Concurrency.Client.Experiments;

namespace Concurrency.Client.Results;

/// <summary>Where an experiment's claim stands after its run.</summary>
public enum VerdictState
{
    /// <summary>Every check passed.</summary>
    Holds,

    /// <summary>A check failed, or a figure was beyond what the machine can physically do (a measurement fault).</summary>
    DoesNotHold,

    /// <summary>
    /// Nothing failed, but the claim could not be judged: one strategy alone, one core, a model that does not apply,
    /// or a check whose interval straddles its bound when the sampling budget was spent (too noisy).
    /// </summary>
    NotJudged,
}

/// <summary>How one check came out.</summary>
public enum CheckOutcome
{
    Pass,
    Fail,

    /// <summary>The figure is surely beyond a physical limit (a speedup above the cores there are): the measurement is wrong, not the claim.</summary>
    Fault,

    /// <summary>The figure's interval straddles the bound: this run cannot tell pass from fail, so the check decides nothing.</summary>
    TooNoisy,
}

/// <summary>
/// One measured figure against its model, decided from every round's sample: the figure's name, the centre of the
/// samples (<see cref="Measured"/>) and the model, the rule with its bound, the margin of the centre over the bound
/// (positive on the pass side, in the figure's unit), and how it came out. <see cref="Interval"/> is what decided it,
/// and <see cref="Samples"/> with <see cref="Bounds"/> are every round's figure and bound, so anyone can recompute
/// the decision. <see cref="Line"/> says all of it in one line.
/// </summary>
public sealed record Check(string Figure, double? Measured, double? Model, string Rule, double? Margin, CheckOutcome Outcome, string Line)
{
    /// <summary>The 95% interval of the figure's mean, or null for a fact, or for a figure sampled once.</summary>
    public Interval? Interval { get; init; }

    /// <summary>The figure's unit: "x", " ms", or "" for a share or a count.</summary>
    public string Unit { get; init; } = "";

    /// <summary>Each round's measured figure, in the order the rounds ran.</summary>
    public IReadOnlyList<double> Samples { get; init; } = [];

    /// <summary>Each round's bound (a band's low and high are <see cref="Low"/> and <see cref="High"/>).</summary>
    public IReadOnlyList<double> Bounds { get; init; } = [];

    /// <summary>The bound the figure was decided against: a threshold, or a band's nearer edge.</summary>
    public double? Bound { get; init; }

    /// <summary>The band's edges, for a figure that must lie between two bounds.</summary>
    public double? Low { get; init; }

    public double? High { get; init; }

    /// <summary>
    /// Why some rounds gave no reading of the figure (the machine had too few cores free while they ran), one entry a
    /// round so set aside; the figure is decided on the other rounds' samples.
    /// </summary>
    public IReadOnlyList<string> Unread { get; init; } = [];

    [JsonIgnore]
    public bool Passed => Outcome == CheckOutcome.Pass;

    /// <summary>The decision in a word or two: pass, FAIL, MEASUREMENT FAULT, too noisy.</summary>
    [JsonIgnore]
    public string Decision => Outcome switch
    {
        CheckOutcome.Pass => "pass",
        CheckOutcome.Fail => "FAIL",
        CheckOutcome.Fault => "MEASUREMENT FAULT",
        _ => "too noisy",
    };
}

/// <summary>
/// An experiment's verdict: its state, the checks that decided it, the reason it was not judged (when it was not),
/// notes (figures worth stating that decide nothing) and one short paragraph of why, in actor terms.
/// </summary>
public sealed record Verdict(VerdictState State, IReadOnlyList<Check> Checks, string? NotJudgedReason, IReadOnlyList<string> Notes, string Why)
{
    public static Verdict Interrupted(string why) => new(VerdictState.NotJudged, [], why, [], why);

    public override string ToString() => State switch
    {
        VerdictState.Holds => "holds",
        VerdictState.DoesNotHold => "does not hold",
        _ => "not judged",
    };
}
