using Concurrency.Abstractions;
using Concurrency.Client.Output;

namespace Concurrency.Client.Downloads;

/// <summary>
/// Downloads a URL list with the lab's downloader grains. Concurrency is bounded by the number of downloaders: each
/// is an ordinary grain that runs one download at a time, taking the next URL when it finishes one, so a list of
/// 100,000 URLs has at most <c>concurrency</c> requests (and sockets) open at once, however long the list.
/// </summary>
public static class UrlDownloads
{
    public static async Task<IReadOnlyList<UrlOutcome>> RunAsync(
        IGrainFactory grains,
        IReadOnlyList<UrlEntry> entries,
        HttpFetch fetch,
        int concurrency,
        long keyBase,
        IProgressTask progress,
        CancellationToken cancellationToken = default)
    {
        var outcomes = new UrlOutcome?[entries.Count];
        var valid = new List<int>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].IsValid)
            {
                valid.Add(i);
            }
            else
            {
                outcomes[i] = UrlOutcome.Refused(entries[i], entries[i].Error!);
                progress.Advance();
            }
        }

        var next = -1;
        async Task WorkAsync(IDownloaderGrain downloader)
        {
            for (var n = Interlocked.Increment(ref next); n < valid.Count && !cancellationToken.IsCancellationRequested; n = Interlocked.Increment(ref next))
            {
                var entry = entries[valid[n]];
                var result = await downloader.Download(new DownloadRequest(entry.Url!.AbsoluteUri, TimeSpan.Zero, 0, fetch), cancellationToken);
                outcomes[valid[n]] = UrlOutcome.Of(entry, result);
                progress.Advance();
            }
        }

        var workers = Math.Min(concurrency, valid.Count);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, workers).Select(w => WorkAsync(grains.GetGrain<IDownloaderGrain>(keyBase + w))));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Interrupted: what had not finished is still listed below, as not finished.
        }

        return outcomes.Select((o, i) => o ?? UrlOutcome.Refused(entries[i], "not finished: the run was interrupted")).ToList();
    }
}
