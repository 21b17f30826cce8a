using Concurrency.Client.Cluster;
using Concurrency.Client.Output;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// What one strategy's method gets from the base class: the experiment's settings and measured costs, the shape its
/// model is evaluated for, the cluster, a fresh grain key range, and the progress task under the one label the trace
/// and report mark the strategy by (its experiment and its name); and, for a strategy whose units of work are
/// idempotent, the resend path (<see cref="ResendingAsync"/>) that carries them through the loss of a silo.
/// </summary>
public sealed class StrategyRun<TSettings, TCosts>(
    string experiment, IStrategy strategy, ExperimentContext context, TSettings settings, TCosts costs, long keyBase, CancellationToken cancellationToken)
    : IAsyncDisposable
{
    private ClusterDispatcher? _resending;

    public string Experiment { get; } = experiment;

    public IStrategy Strategy { get; } = strategy;

    public ProgressLabel Label => new(Experiment, Strategy.Name);

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

    /// <summary>
    /// Opens the strategy's resend path, before its clock starts: a roster that watches membership for as long as the
    /// strategy runs, and a dispatcher that keys each unit, races its call against the silos' departures, sends it
    /// again when a silo dies or refuses it, and counts the first answer only. While it is open a silo's death is
    /// this strategy's to handle, not a reason to stop the run. The base class reads its <see cref="Resends"/>.
    /// </summary>
    public async Task<ClusterDispatcher> ResendingAsync()
    {
        if (_resending is null)
        {
            var roster = await SiloRoster.StartAsync(Grains, Context.ClusterObserver, CancellationToken);
            _resending = new ClusterDispatcher(roster, Context.ClusterObserver);
        }

        return _resending;
    }

    /// <summary>What the resend path had to redo; null for a strategy that has none.</summary>
    public Resends? Resends => _resending is null ? null : Cluster.Resends.Of(_resending);

    public async ValueTask DisposeAsync()
    {
        if (_resending is not null)
        {
            await _resending.Roster.DisposeAsync();
        }
    }
}

/// <summary>What a strategy measured: its wall time and its figures.</summary>
public sealed record Measured<TFigures>(double Seconds, TFigures Figures)
    where TFigures : StrategyFigures
{
    /// <summary>What the strategy's resend path redid in this run, set by the base class; null without one.</summary>
    public Resends? Resends { get; init; }
}

/// <summary>
/// A finished strategy as its experiment's judge sees it: the strategy, its model and measurement together, typed
/// figures, and what its resend path had to redo (null for a strategy without one).
/// </summary>
public sealed record Outcome<TFigures>(IStrategy Strategy, Expectation Model, double Seconds, TFigures Figures)
    where TFigures : StrategyFigures
{
    public string Name => Strategy.Name;

    public Resends? Resends { get; init; }
}

/// <summary>Finds a strategy's outcome among a round's.</summary>
public static class Outcomes
{
    /// <summary>The outcome of <paramref name="strategy"/>, or null where it did not run.</summary>
    public static Outcome<TFigures>? Of<TFigures>(this IEnumerable<Outcome<TFigures>> outcomes, IStrategy strategy)
        where TFigures : StrategyFigures =>
        outcomes.FirstOrDefault(o => o.Strategy == strategy);
}
