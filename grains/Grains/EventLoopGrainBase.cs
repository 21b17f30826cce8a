using System.Diagnostics;
using Concurrency.Abstractions;

namespace Concurrency.Grains;

/// <summary>
/// What an event-loop grain does, whether or not it is reentrant: fetches await the <see cref="IDownloadSource"/>
/// (never holding a thread while the network waits), except the blocking one, which sleeps on its thread.
/// Reentrancy is the only difference between the two grains, so the comparison measures it alone.
/// </summary>
public abstract class EventLoopGrainBase(IDownloadSource source) : Grain, IEventLoopGrain
{
    public ValueTask<DownloadSummary> Gather(DownloadBatch batch, CancellationToken cancellationToken) =>
        source.FetchAllAsync(batch, cancellationToken);

    public ValueTask<DownloadResult> Fetch(DownloadRequest request, CancellationToken cancellationToken) =>
        source.FetchAsync(request, cancellationToken);

    public ValueTask<BlockedTurn> FetchBlocking(DownloadRequest request, CancellationToken cancellationToken)
    {
        var threads = ThreadPool.ThreadCount;
        var started = Stopwatch.GetTimestamp();

        // The article's mistake on purpose: a synchronous sleep where an await belongs. There is no await, so the
        // turn never yields: the activation takes no other request (reentrant or not), and the thread-pool thread
        // running the turn does nothing else until the sleep ends.
        Thread.Sleep(request.Latency);

        return ValueTask.FromResult(new BlockedTurn(Stopwatch.GetElapsedTime(started), threads));
    }
}
