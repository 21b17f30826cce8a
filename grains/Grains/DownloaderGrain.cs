using Concurrency.Abstractions;

namespace Concurrency.Grains;

/// <summary>
/// An ordinary, non-reentrant grain: one request at a time, even while that request is awaiting.
/// Sequential downloads are therefore calls queued on one downloader; concurrency comes from starting many waits
/// inside one turn (<see cref="DownloadAll"/>), the way one asyncio event loop carries many sleeping coroutines.
/// </summary>
[CollectionAgeLimit(GrainLifetime.IdleLimit)]
public sealed class DownloaderGrain(IDownloadSource source) : Grain, IDownloaderGrain
{
    public ValueTask<DownloadResult> Download(DownloadRequest request, CancellationToken cancellationToken) =>
        source.FetchAsync(request, cancellationToken);

    public ValueTask<DownloadSummary> DownloadAll(DownloadBatch batch, CancellationToken cancellationToken) =>
        source.FetchAllAsync(batch, cancellationToken);
}
