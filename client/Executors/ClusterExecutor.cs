using Concurrency.Abstractions;
using Concurrency.Client.Cluster;
using Concurrency.Client.Experiments;

namespace Concurrency.Client.Executors;

/// <summary>
/// The function run on every silo of the cluster: batch b goes to the dispatcher of silo b mod silos (silos as
/// membership lists them when the batch is sent, so a silo that joins mid-map takes later batches), which maps it
/// on that silo's stateless pool. A batch is keyed by its index: one lost with a dead silo is sent again and
/// counted once. Two batches in flight per core of the whole cluster keep every silo busy.
/// </summary>
public sealed class ClusterExecutor(IGrainFactory grains, IClusterObserver? observer = null) : IExecutor
{
    public string Name => ExecutorCatalog.Cluster;

    /// <summary>Where the last map's batches ran, and what was retried.</summary>
    public ClusterTally? LastRun { get; private set; }

    /// <summary>The cores of every silo active when the last map started, as its silos reported them.</summary>
    public int SiloCores { get; private set; }

    public async Task<WorkDigest> MapAsync(WorkFunction function, long items, Action<long> advanced, CancellationToken cancellationToken)
    {
        await using var roster = await SiloRoster.StartAsync(grains, observer, cancellationToken);
        var dispatcher = new ClusterDispatcher(roster, observer);
        SiloCores = roster.Active.Sum(s => s.ProcessorCount);
        var batches = WorkBatches.Split(function, items);
        var digests = new WorkDigest[batches.Count];
        await CallWindow.RunAsync(batches.Count, 2 * SiloCores, async (b, token) =>
        {
            digests[b] = await dispatcher.MapAsync(new WorkKey(b, 0), b, batches[(int)b], token);
            advanced(batches[(int)b].Count);
        }, cancellationToken);
        LastRun = ClusterTally.Of(dispatcher);
        return WorkBatches.Fold(digests);
    }
}
