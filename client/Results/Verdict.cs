using System.Text.Json.Serialization;

namespace Concurrency.Client.Results;

/// <summary>Where an experiment's claim stands after its run.</summary>
public enum VerdictState
{
    /// <summary>Every check passed.</summary>
    Holds,

    /// <summary>A check failed, or a figure was beyond what the machine can physically do (a measurement fault).</summary>
    DoesNotHold,

    /// <summary>Nothing failed, but the claim could not be judged: one strategy alone, one core, a model that does not apply.</summary>
    NotJudged,
}

/// <summary>How one check came out.</summary>
public enum CheckOutcome
{
    Pass,
    Fail,

    /// <summary>The figure is beyond a physical limit (a speedup above the cores there are): the measurement is wrong, not the claim.</summary>
    Fault,
}

/// <summary>
/// One measured figure against its model: the figure's name, the measured and modelled values, the rule with its
/// tolerance, and the margin by which it passed (positive) or failed (negative), in the figure's unit.
/// <see cref="Line"/> says all of it in one line.
/// </summary>
public sealed record Check(string Figure, double? Measured, double? Model, string Rule, double? Margin, CheckOutcome Outcome, string Line)
{
    [JsonIgnore]
    public bool Passed => Outcome == CheckOutcome.Pass;
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
