using Concurrency.Abstractions;
using Concurrency.Grains.Tracing;
using Orleans.Concurrency;

namespace Concurrency.Grains;

/// <summary>
/// Stateless workers count side by side, one activation per core, with the same racy counter code; nothing is lost
/// because nothing is shared: each call counts on its own and sends its count back in a message, and the caller adds
/// the counts up, as a process pool returns results instead of sharing memory.
/// </summary>
[LaneRole("stateless counter")]
[StatelessWorker]
[CollectionAgeLimit(GrainLifetime.IdleLimit)]
public sealed class StatelessCounterGrain : Grain, IStatelessCounterGrain
{
    public async ValueTask<long> CountAlone(int increments, CancellationToken cancellationToken)
    {
        // Yield first, so that calls sent together each get a turn of their own (see Crunching).
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        var own = new UnsynchronizedCounter();
        own.Add(increments);
        return own.Value;
    }
}
