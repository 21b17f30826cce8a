using Concurrency.Abstractions;
using Concurrency.Client.Cluster;
using Concurrency.Client.Experiments;

namespace Concurrency.Client.Executors;

/// <summary>
/// The function run by cruncher grains, one call per batch, a bounded window of calls in flight. Where the batches go
/// decides the parallelism: one ordinary grain runs them one turn at a time (a thread pool under the GIL), the
/// stateless pool runs one per core (a process pool). With <paramref name="units"/>, each batch is keyed by its index
/// and goes through that resend path, so a batch held by a silo that dies is mapped again and counted once.
/// </summary>
public sealed class GrainExecutor(string name, Func<int, ICruncherGrain> target, int window, ClusterDispatcher? units = null) : IExecutor
{
    public string Name => name;

    public async Task<WorkDigest> MapAsync(WorkFunction function, long items, Action<long> advanced, CancellationToken cancellationToken)
    {
        var batches = WorkBatches.Split(function, items);
        var digests = new WorkDigest[batches.Count];
        await CallWindow.RunAsync(batches.Count, window, async (b, token) =>
        {
            var (grain, batch) = (target((int)b), batches[(int)b]);
            digests[b] = units is null
                ? await grain.Map(batch, token)
                : await units.ResendAsync(new WorkKey(b, 0), grain, (g, t) => g.Map(batch, t).AsTask(), token);
            advanced(batches[(int)b].Count);
        }, cancellationToken);
        return WorkBatches.Fold(digests);
    }
}
