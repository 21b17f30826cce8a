using System.Text.Json.Serialization;
using Concurrency.Abstractions.Logging;

namespace Concurrency.Client.Results;

/// <summary>
/// One experiment's verdict on one of the article's claims: the settings it ran with (<see cref="Parameters"/>), the
/// shape its models were evaluated for, the costs it measured first, each strategy, and the verdict.
/// <see cref="Complete"/> is false for the experiment a Ctrl+C (or a lost cluster) cut short: its strategies are those
/// that finished, and it claims no verdict.
/// </summary>
public record ExperimentResult(
    string Name,
    string Claim,
    ExperimentSettings? Parameters,
    ClusterShape? Shape,
    MeasuredCosts? Costs,
    IReadOnlyList<StrategyResult> Strategies,
    Verdict Verdict,
    bool Complete = true)
{
    /// <summary>True only when the claim was judged and held.</summary>
    public bool Holds => Complete && Verdict.State == VerdictState.Holds;

    /// <summary>The checks, one line each, then why: what a reader of the JSON sees without the table.</summary>
    public string Explanation =>
        string.Join(" ", Verdict.Checks.Select(c => c.Line + ".").Concat(Verdict.NotJudgedReason is { } r && Verdict.Checks.Count > 0 ? [$"Not judged: {r}."] : []).Append(Verdict.Why));

    /// <summary>How many rounds the strategies were sampled for: each check has one sample a round.</summary>
    public int Rounds { get; init; }

    /// <summary>The headers of <see cref="StrategyResult.Cells"/>: the figures this experiment's claim is about.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>
    /// The article's Python code for the same claim, measured in the same run (<c>--python</c>): its rows are Python's
    /// figures, never the actors'. Null where it was not asked for or the experiment has no twin.
    /// </summary>
    public PythonComparison? Python { get; init; }

    /// <summary>
    /// The warnings the framework (Orleans, ASP.NET Core) logged on the cluster's silos while the experiment ran,
    /// per kind: counted instead of printed between the tables. Null where they were not counted (an interrupted
    /// experiment, a silo that could not say).
    /// </summary>
    public FrameworkWarnings? FrameworkWarnings { get; init; }

    /// <summary>What is left of an experiment that was interrupted: the strategies that finished, and no verdict.</summary>
    public static ExperimentResult Interrupted(string name, string claim, IReadOnlyList<StrategyResult> finished, string reason = "Interrupted (Ctrl+C)") => new(
        name,
        claim,
        null,
        null,
        null,
        finished,
        Verdict.Interrupted(
            $"{reason} after {finished.Count} strategies finished{(finished.Count > 0 ? $" ({string.Join(", ", finished.Select(s => s.Name))})" : "")}: " +
            "their figures are real, but the claim was not judged, so no verdict is given."),
        Complete: false);
}

/// <summary>
/// An experiment's result as the experiment made it: the same result (the untyped view above is what the JSON and the
/// report read), with its settings, its costs and its strategies' figures typed, and each strategy's result found by
/// the strategy itself.
/// </summary>
public sealed record ExperimentResult<TSettings, TCosts, TFigures> : ExperimentResult
    where TSettings : ExperimentSettings
    where TCosts : MeasuredCosts
    where TFigures : StrategyFigures
{
    public ExperimentResult(string name, string claim, TSettings parameters, ClusterShape shape, TCosts costs, IReadOnlyList<StrategyResult<TFigures>> strategies, Verdict verdict)
        : base(name, claim, parameters, shape, costs, strategies, verdict)
    {
        (Parameters, Costs, Strategies) = (parameters, costs, strategies);
    }

    public new TSettings Parameters { get; }

    public new TCosts Costs { get; }

    public new IReadOnlyList<StrategyResult<TFigures>> Strategies { get; }

    /// <summary>The result of <paramref name="strategy"/>, which ran in this experiment.</summary>
    public StrategyResult<TFigures> this[Experiments.IStrategy strategy] => Strategies.Single(s => s.Name == strategy.Name);
}
