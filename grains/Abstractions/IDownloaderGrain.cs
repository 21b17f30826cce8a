namespace Concurrency.Abstractions;

/// <summary>
/// A downloader stands in for I/O-bound work: it spends its time waiting on the network, not computing.
/// </summary>
public interface IDownloaderGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// A download over HTTP may take several tries of a per-try timeout of up to ten minutes, with backoff between them:
    /// far past Orleans' default 30-second response timeout. The caller's cancellation token, and the client's watch on
    /// its gateway connection, not this timeout, are what end a call early.
    /// </summary>
    public const string LongestCall = "02:00:00";

    /// <summary>One download, awaited to the end. Calls to one downloader queue behind each other.</summary>
    [ResponseTimeout(LongestCall)]
    ValueTask<DownloadResult> Download(DownloadRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts every download of the batch in one turn and awaits them together, as asyncio.gather does:
    /// one activation carries thousands of waits at once.
    /// </summary>
    [ResponseTimeout(LongestCall)]
    ValueTask<DownloadSummary> DownloadAll(DownloadBatch batch, CancellationToken cancellationToken = default);
}
