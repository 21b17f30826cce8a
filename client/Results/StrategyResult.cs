using System.Text.Json.Serialization;
using Concurrency.Client.Cluster;

namespace Concurrency.Client.Results;

/// <summary>
/// One way of doing the experiment's work: what its model expects, what was measured, and the experiment's own typed
/// figures (<see cref="Metrics"/>). <see cref="Cells"/> are the experiment's named columns for this strategy, as the
/// terminal shows them.
/// </summary>
public record StrategyResult(string Name, Expectation Model, double MeasuredSeconds, StrategyFigures Metrics)
{
    public double ExpectedSeconds => Model.Seconds;

    /// <summary>
    /// Every timed run's seconds, in order, where the experiment times each strategy more than once (the fastest is
    /// <see cref="MeasuredSeconds"/>, and its figures are <see cref="Metrics"/>); one run otherwise.
    /// </summary>
    public IReadOnlyList<double> RunSeconds { get; init; } = [];

    /// <summary>What its resend path redid over every run (silos lost, units sent again, late answers discarded); null without one.</summary>
    public Resends? Resends { get; init; }

    [JsonIgnore]
    public IReadOnlyList<string> Cells { get; init; } = [];

    /// <summary>The headers of <see cref="Cells"/>, so a strategy of an interrupted experiment still shows its figures.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Headers { get; init; } = [];
}

/// <summary>A strategy's result as its experiment made it: the same result, its figures typed.</summary>
public sealed record StrategyResult<TFigures>(string Name, Expectation Model, double MeasuredSeconds, [property: JsonIgnore] TFigures Figures)
    : StrategyResult(Name, Model, MeasuredSeconds, Figures)
    where TFigures : StrategyFigures;
