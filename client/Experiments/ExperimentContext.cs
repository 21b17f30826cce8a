using Concurrency.Client.Cluster;
using Concurrency.Client.Output;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// What an experiment runs against: the cluster's grains, what the cluster is, where progress goes, and the base
/// address of a silo's sites endpoint (the simulated internet), null where no silo serves one.
/// </summary>
public sealed class ExperimentContext(IGrainFactory grains, ClusterInfo cluster, IProgressSink? progress = null, Uri? sitesBase = null)
{
    public Uri? SitesBase { get; } = sitesBase;

    public IGrainFactory Grains { get; } = grains;

    public ClusterInfo Cluster { get; } = cluster;

    public IProgressSink Progress { get; } = progress ?? NullProgress.Instance;

    /// <summary>Told where cluster strategies send each unit of work (a test waits on it to kill a busy silo).</summary>
    public IClusterObserver? ClusterObserver { get; init; }

    /// <summary>A key range no other run uses, so concurrent runs (several clients, repeated tests) never queue on each other's grains.</summary>
    public long NewGrainKeyBase() => GrainKeys.NewBase();
}
