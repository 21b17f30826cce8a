using Concurrency.Client.Output;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// What one strategy's method gets from the base class: the experiment's settings and measured costs, the shape its
/// model is evaluated for, the cluster, a fresh grain key range, and the progress task under the one label the trace
/// and report mark the strategy by, <c>"{experiment}/{strategy}"</c>.
/// </summary>
public sealed class StrategyRun<TSettings, TCosts>(
    string experiment, string strategy, ExperimentContext context, TSettings settings, TCosts costs, long keyBase, CancellationToken cancellationToken)
{
    public string Experiment { get; } = experiment;

    public string Strategy { get; } = strategy;

    public string Label => $"{Experiment}/{Strategy}";

    public ExperimentContext Context { get; } = context;

    public IGrainFactory Grains => Context.Grains;

    public TSettings Settings { get; } = settings;

    public TCosts Costs { get; } = costs;

    public ClusterShape Shape => Context.Cluster.Shape;

    /// <summary>A key range no other run (and no other strategy of this one) uses, so no grain is shared by accident.</summary>
    public long KeyBase { get; } = keyBase;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>
    /// Opens the strategy's progress, around exactly the work that is measured: warm-ups go before it, so the trace's
    /// strategy section holds only the measured calls.
    /// </summary>
    public IProgressTask Progress(long total) => Context.Progress.Start(Label, total);
}

/// <summary>What a strategy measured: its wall time and its figures.</summary>
public sealed record Measured<TFigures>(double Seconds, TFigures Figures)
    where TFigures : StrategyFigures;

/// <summary>A finished strategy as its experiment's judge sees it: typed figures, model and measurement together.</summary>
public sealed record Outcome<TFigures>(string Name, Expectation Model, double Seconds, TFigures Figures)
    where TFigures : StrategyFigures;
