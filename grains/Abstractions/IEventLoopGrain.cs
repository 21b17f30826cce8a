namespace Concurrency.Abstractions;

/// <summary>
/// asyncio's event loop as a grain: an activation runs one turn at a time on one thread, and a fetch is an awaited
/// wait on the network. This ordinary grain is not reentrant, so a request holds the activation until it completes,
/// awaits included: concurrent calls queue. Concurrency inside it comes from <see cref="Gather"/>, which starts every
/// fetch in one turn and awaits them together.
/// </summary>
public interface IEventLoopGrain : IGrainWithIntegerKey
{
    /// <summary><c>asyncio.gather</c>: starts every fetch of the batch in one turn, then awaits them all.</summary>
    ValueTask<DownloadSummary> Gather(DownloadBatch batch, CancellationToken cancellationToken = default);

    /// <summary><c>await fetch_data(url)</c>: one fetch, awaited without holding a thread.</summary>
    ValueTask<DownloadResult> Fetch(DownloadRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>time.sleep()</c> inside async code: the fetch's wait is a <see cref="Thread.Sleep(TimeSpan)"/>, so the turn
    /// holds the activation and its thread-pool thread for the whole latency.
    /// </summary>
    ValueTask<BlockedTurn> FetchBlocking(DownloadRequest request, CancellationToken cancellationToken = default);
}
