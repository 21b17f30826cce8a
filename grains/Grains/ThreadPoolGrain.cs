using Concurrency.Abstractions;
using Concurrency.Grains.Tracing;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Configuration;

namespace Concurrency.Grains;

/// <summary>
/// Reads the thread pool of the silo it runs in. A stateless worker is activated on the silo that receives the call,
/// and its calls need a free pool thread too: a slow answer is itself a sign of a starved pool.
/// </summary>
[LaneRole("thread-pool probe")]
[StatelessWorker]
[CollectionAgeLimit(GrainLifetime.IdleLimit)]
public sealed class ThreadPoolGrain(IOptions<SchedulingOptions> scheduling) : Grain, IThreadPoolGrain
{
    public ValueTask<ThreadPoolSnapshot> Snapshot(CancellationToken cancellationToken)
    {
        ThreadPool.GetMinThreads(out var minWorkers, out _);
        ThreadPool.GetMaxThreads(out var maxWorkers, out _);
        return ValueTask.FromResult(new ThreadPoolSnapshot(
            ThreadPool.ThreadCount,
            minWorkers,
            maxWorkers,
            ThreadPool.PendingWorkItemCount,
            Environment.ProcessorCount,
            scheduling.Value.TurnWarningLengthThreshold));
    }
}
