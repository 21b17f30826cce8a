using Concurrency.Client.Cluster;
using Concurrency.Client.Output;
using Concurrency.Client.Python;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// What an experiment runs against: the cluster's grains, what the cluster is, where progress goes, who hears the
/// run (<see cref="Observer"/>), and the base address of a silo's sites endpoint (the simulated internet), null where
/// no silo serves one. It also keeps the strategies of the running experiment as they finish, so a run cut short can
/// still report them.
/// </summary>
public sealed class ExperimentContext(IGrainFactory grains, ClusterInfo cluster, IProgressSink? progress = null, Uri? sitesBase = null)
{
    private readonly List<StrategyResult> _finished = [];

    public Uri? SitesBase { get; } = sitesBase;

    public IGrainFactory Grains { get; } = grains;

    public ClusterInfo Cluster { get; } = cluster;

    public IProgressSink Progress { get; } = progress ?? NullProgress.Instance;

    /// <summary>Runs each experiment's Python twin after its strategies (<c>--python</c>); null: no twin runs.</summary>
    public PythonRunner? Python { get; init; }

    /// <summary>
    /// At most this many rounds of strategies, whatever an experiment's sampling asks: a soak checks that the lab keeps
    /// working, and no verdict rides on its runs. Null: the experiment's own sampling.
    /// </summary>
    public int? MaxRounds { get; init; }

    /// <summary>Hears each strategy start and finish, and each experiment end; null: nobody listens.</summary>
    public IRunObserver? Observer { get; init; }

    /// <summary>Told where cluster strategies send each unit of work (a test waits on it to kill a busy silo).</summary>
    public IClusterObserver? ClusterObserver { get; init; }

    /// <summary>
    /// The run's watch on membership, where the client is not an embedded silo: the silos it saw die that held none of
    /// the running strategy's calls (the run went on) are that strategy's losses, so its time is not judged.
    /// </summary>
    public SiloDeathWatch? DeathWatch { get; init; }

    /// <summary>The strategies of the current experiment that have finished so far.</summary>
    public IReadOnlyList<StrategyResult> Finished
    {
        get
        {
            lock (_finished)
            {
                return [.. _finished];
            }
        }
    }

    /// <summary>Tells the observer that <paramref name="strategy"/> of <paramref name="experiment"/> starts.</summary>
    public void Start(string experiment, IStrategy strategy) => Observer?.StrategyStarted(experiment, strategy);

    /// <summary>
    /// Records a finished strategy, tells the observer, and returns it. A strategy that returned after the run was
    /// cancelled is not finished: a grain that saw the cancellation may have answered with its work marked cancelled
    /// rather than thrown, and that answer must not pass for a whole measurement.
    /// </summary>
    public StrategyResult Finish(string experiment, StrategyResult strategy, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_finished)
        {
            // A strategy sampled over rounds is recorded after each: its latest result replaces the earlier one.
            var earlier = _finished.FindIndex(s => s.Name == strategy.Name);
            if (earlier >= 0)
            {
                _finished[earlier] = strategy;
            }
            else
            {
                _finished.Add(strategy);
            }
        }

        Observer?.StrategyFinished(experiment, strategy);
        return strategy;
    }

    /// <summary>Forgets the previous experiment's strategies: called as each experiment starts.</summary>
    public void BeginExperiment()
    {
        lock (_finished)
        {
            _finished.Clear();
        }
    }
}
