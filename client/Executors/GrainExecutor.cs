using Concurrency.Abstractions;
using Concurrency.Client.Experiments;

namespace Concurrency.Client.Executors;

/// <summary>
/// The function run by cruncher grains, one call per batch, a bounded window of calls in flight. Where the batches go
/// decides the parallelism: one ordinary grain runs them one turn at a time (a thread pool under the GIL), the
/// stateless pool runs one per core (a process pool).
/// </summary>
public sealed class GrainExecutor(string name, Func<int, ICruncherGrain> target, int window) : IExecutor
{
    public string Name => name;

    public async Task<WorkDigest> MapAsync(WorkFunction function, long items, Action<long> advanced, CancellationToken cancellationToken)
    {
        var batches = WorkBatches.Split(function, items);
        var digests = new WorkDigest[batches.Count];
        await Lanes.RunAsync(batches.Count, window, async (b, token) =>
        {
            digests[b] = await target((int)b).Map(batches[(int)b], token);
            advanced(batches[(int)b].Count);
        }, cancellationToken);
        return WorkBatches.Fold(digests);
    }
}
