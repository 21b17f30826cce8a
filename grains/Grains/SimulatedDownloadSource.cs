using Concurrency.Abstractions;

namespace Concurrency.Grains;

/// <summary>
/// The article's <c>sleep(2)</c>: a download that only waits on the simulated network. The wait is awaited, so no
/// thread is held while it runs, just as a thread blocked in a socket read releases the GIL.
/// </summary>
public sealed class SimulatedDownloadSource(SimulatedNetwork network) : IDownloadSource
{
    public async ValueTask<DownloadResult> FetchAsync(DownloadRequest request, CancellationToken cancellationToken)
    {
        var started = network.Time.GetTimestamp();
        try
        {
            var delivered = await network.WaitAsync(request.Latency, cancellationToken).ConfigureAwait(false);
            return new DownloadResult(request.Site, true, request.Bytes, 1, network.Time.GetElapsedTime(started, delivered), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new DownloadResult(request.Site, false, 0, 1, network.Time.GetElapsedTime(started), "cancelled");
        }
    }

    /// <summary>
    /// A batch as an event loop holds it: each download is one entry, its start time and the network wait it is
    /// parked on, rather than an object and a timer of its own. Each download's time is still its own, from its start
    /// to the moment the network delivered its answer. This is what lets one silo carry a million waits in a second.
    /// </summary>
    public async ValueTask<DownloadSummary> FetchAllAsync(DownloadBatch batch, CancellationToken cancellationToken)
    {
        var started = new long[batch.Count];
        var waits = new SimulatedNetwork.Arrival[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            started[i] = network.Time.GetTimestamp();
            waits[i] = network.Park(batch.Latency);
        }

        var summary = new DownloadSummaryBuilder();
        for (var i = 0; i < batch.Count; i++)
        {
            var wait = waits[i].Delivered;
            if (!wait.IsCompleted)
            {
                try
                {
                    await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // What had not arrived is accounted for as cancelled, not dropped, and its wait is handed
                    // back, so no timer outlives the cancelled batch.
                    for (var j = i; j < batch.Count; j++)
                    {
                        SimulatedNetwork.Abandon(waits[j]);
                        summary.Add(new DownloadResult(batch.SitePrefix, false, 0, 1, network.Time.GetElapsedTime(started[j]), "cancelled"));
                    }

                    return summary.Build();
                }
            }

            summary.Add(new DownloadResult(batch.SitePrefix, true, batch.Bytes, 1, network.Time.GetElapsedTime(started[i], wait.Result), null));
        }

        return summary.Build();
    }
}
