using Concurrency.Abstractions;

namespace Concurrency.Grains;

/// <summary>
/// Where downloaders get their bytes. The grain only awaits; what it awaits (a timer, a socket) is this seam's business,
/// so the same downloader runs against simulated latency or a real HTTP server.
/// </summary>
public interface IDownloadSource
{
    ValueTask<DownloadResult> FetchAsync(DownloadRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Runs every download of the batch at once and accounts for each. The default starts one <see cref="FetchAsync"/>
    /// per download and awaits them together; a source may do the same work more cheaply.
    /// </summary>
    async ValueTask<DownloadSummary> FetchAllAsync(DownloadBatch batch, CancellationToken cancellationToken)
    {
        // Start every download before awaiting any: this is the whole trick of asyncio.gather.
        var pending = new Task<DownloadResult>[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            pending[i] = FetchAsync(batch.RequestAt(i), cancellationToken).AsTask();
        }

        var summary = new DownloadSummaryBuilder();
        foreach (var download in pending)
        {
            summary.Add(await download.ConfigureAwait(false));
        }

        return summary.Build();
    }
}
