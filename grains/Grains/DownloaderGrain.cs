using Concurrency.Abstractions;
using Concurrency.Grains.Tracing;

namespace Concurrency.Grains;

/// <summary>
/// An ordinary, non-reentrant grain: one request at a time, even while that request is awaiting.
/// Sequential downloads are therefore calls queued on one downloader; concurrency comes from starting many waits
/// inside one turn (<see cref="DownloadAll"/>), the way one asyncio event loop carries many sleeping coroutines.
/// A download with an <see cref="HttpFetch"/> awaits real sockets; one without awaits the simulated network.
/// </summary>
[LaneRole("downloader")]
[CollectionAgeLimit(GrainLifetime.IdleLimit)]
public sealed class DownloaderGrain(IDownloadSource simulated, HttpDownloadSource http) : Grain, IDownloaderGrain
{
    public ValueTask<DownloadResult> Download(DownloadRequest request, CancellationToken cancellationToken) =>
        SourceFor(request.Http).FetchAsync(request, cancellationToken);

    public ValueTask<DownloadSummary> DownloadAll(DownloadBatch batch, CancellationToken cancellationToken) =>
        SourceFor(batch.Http).FetchAllAsync(batch, cancellationToken);

    private IDownloadSource SourceFor(HttpFetch? fetch) => fetch is null ? simulated : http;
}
