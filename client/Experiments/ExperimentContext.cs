using Concurrency.Client.Cluster;
using Concurrency.Client.Output;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>What an experiment runs against: the cluster's grains, what the cluster is, and where progress goes.</summary>
public sealed class ExperimentContext(IGrainFactory grains, ClusterInfo cluster, IProgressSink? progress = null)
{
    public IGrainFactory Grains { get; } = grains;

    public ClusterInfo Cluster { get; } = cluster;

    public IProgressSink Progress { get; } = progress ?? NullProgress.Instance;

    /// <summary>Told where cluster strategies send each unit of work (a test waits on it to kill a busy silo).</summary>
    public IClusterObserver? ClusterObserver { get; init; }

    /// <summary>A key range no other run uses, so concurrent runs (several clients, repeated tests) never queue on each other's grains.</summary>
    public long NewGrainKeyBase() => Random.Shared.NextInt64(1L << 40, 1L << 62);
}
