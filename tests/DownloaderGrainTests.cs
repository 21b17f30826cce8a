using System.Diagnostics;
using Concurrency.Abstractions;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>The downloader's turn-based behaviour, straight through grain calls.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DownloaderGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Concurrent_calls_to_one_ordinary_downloader_queue_one_after_another()
    {
        var downloader = fixture.Grains.GetGrain<IDownloaderGrain>(Random.Shared.NextInt64());
        await downloader.DownloadAll(new DownloadBatch("warm", 0, 0, TimeSpan.Zero, 0));

        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => downloader.Download(new DownloadRequest($"s{i}", Latency, 1)).AsTask()));
        var elapsed = Stopwatch.GetElapsedTime(started);

        // Non-reentrant: the activation runs one request at a time even while it awaits, so three calls take three waits.
        Assert.True(elapsed >= 0.95 * 3 * Latency, $"three calls took {elapsed}, less than three waits of {Latency}");
    }

    [Fact]
    public async Task A_batch_accounts_for_every_download()
    {
        var downloader = fixture.Grains.GetGrain<IDownloaderGrain>(Random.Shared.NextInt64());

        var summary = await downloader.DownloadAll(new DownloadBatch("site", 0, 1234, Latency, 100));

        Assert.Equal(1234, summary.Requested);
        Assert.Equal(1234, summary.Succeeded);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(1234 * 100, summary.Bytes);
        Assert.Equal(1234, summary.Attempts);
        Assert.True(summary.FastestDownload >= Latency, $"a download finished in {summary.FastestDownload}, before its latency");
    }

    [Fact]
    public async Task Cancelling_a_batch_stops_the_call_promptly()
    {
        var downloader = fixture.Grains.GetGrain<IDownloaderGrain>(Random.Shared.NextInt64());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var started = Stopwatch.GetTimestamp();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await downloader.DownloadAll(new DownloadBatch("site", 0, 50, TimeSpan.FromSeconds(20), 1), cancel.Token));

        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5), "cancellation did not stop the batch");

        // The grain saw the cancellation too: it is free for the next call at once, not busy for the rest of 20 s.
        var next = Stopwatch.GetTimestamp();
        await downloader.DownloadAll(new DownloadBatch("site", 0, 1, Latency, 1));
        Assert.True(Stopwatch.GetElapsedTime(next) < TimeSpan.FromSeconds(5), "the downloader was still busy with the cancelled batch");
    }

    [Fact]
    public async Task A_cancelled_batch_leaves_no_timer_behind()
    {
        var silo = fixture.Grains.GetGrain<ISiloInfoGrain>(0);
        var before = (await silo.Health()).PendingNetworkTimers;
        var downloader = fixture.Grains.GetGrain<IDownloaderGrain>(Random.Shared.NextInt64());
        using var cancel = new CancellationTokenSource();

        // Ten minutes of latency: a timer left behind by the cancelled batch would still be pending when checked.
        var batch = downloader.DownloadAll(new DownloadBatch("site", 0, 5_000, TimeSpan.FromMinutes(10), 1), cancel.Token).AsTask();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while ((await silo.Health()).PendingNetworkTimers <= before)
            {
                await Task.Delay(10, deadline.Token);
            }
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch);

        // The downloader is not reentrant: it takes this call once the cancelled one has handed back its waits.
        await downloader.DownloadAll(new DownloadBatch("site", 0, 1, Latency, 1));
        var after = (await silo.Health()).PendingNetworkTimers;
        Assert.True(after <= before, $"{after} timers pending after the cancelled batch, {before} before it");
    }
}
