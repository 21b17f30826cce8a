namespace Concurrency.Abstractions;

/// <summary>
/// A downloader stands in for I/O-bound work: it spends its time waiting on the network, not computing.
/// </summary>
public interface IDownloaderGrain : IGrainWithIntegerKey
{
    /// <summary>One download, awaited to the end. Calls to one downloader queue behind each other.</summary>
    ValueTask<DownloadResult> Download(DownloadRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts every download of the batch in one turn and awaits them together, as asyncio.gather does:
    /// one activation carries thousands of waits at once.
    /// </summary>
    ValueTask<DownloadSummary> DownloadAll(DownloadBatch batch, CancellationToken cancellationToken = default);
}
