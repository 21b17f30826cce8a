using Concurrency.Abstractions;
using Concurrency.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Concurrency.Tests;

/// <summary>
/// The downloader's turn-based behaviour, straight through grain calls, on a fake clock: the silo's simulated
/// network moves only when a test advances it, so every time below is exact.
/// </summary>
[Collection(FakeTimeClusterCollection.Name)]
public sealed class DownloaderGrainTests(FakeTimeClusterFixture fixture)
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(200);

    private WatchedFakeClock Clock => fixture.Clock;

    private IDownloaderGrain NewDownloader() => fixture.Grains.GetGrain<IDownloaderGrain>(Random.Shared.NextInt64());

    [Fact]
    public void Orleans_itself_keeps_real_time()
    {
        var silo = fixture.Cluster.Silos[0].ServiceProvider;

        Assert.Same(TimeProvider.System, silo.GetRequiredService<TimeProvider>());
        Assert.Same(Clock, fixture.Network.Time);
    }

    [Fact]
    public async Task Sequential_calls_to_one_ordinary_downloader_finish_at_exactly_n_latencies()
    {
        const int Downloads = 5;
        var downloader = NewDownloader();
        var started = Clock.GetUtcNow();
        var armed = Clock.Armed;

        // All sent at once: the grain is not reentrant, so it takes the next (in whatever order they arrive) only when
        // the last one's wait is over. One timer at a time, and each download waits one latency of its own.
        var calls = Enumerable.Range(0, Downloads).Select(i => downloader.Download(new DownloadRequest($"s{i}", Latency, 1)).AsTask()).ToList();
        for (var i = 1; i <= Downloads; i++)
        {
            await Clock.ArmedAsync(armed + i);
            Assert.Equal(1, fixture.Network.PendingTimers);
            var done = calls.Count(c => c.IsCompleted);
            Assert.True(done <= i - 1, $"{done} downloads finished after {i - 1} latencies");
            Clock.Advance(Latency);
        }

        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.Equal(Latency, r.Elapsed));
        Assert.Equal(Downloads * Latency, Clock.GetUtcNow() - started);
        Assert.Equal(0, fixture.Network.PendingTimers);
    }

    [Fact]
    public async Task A_concurrent_batch_finishes_at_exactly_one_latency_and_accounts_for_every_download()
    {
        var downloader = NewDownloader();
        var armed = Clock.Armed;

        var batch = downloader.DownloadAll(new DownloadBatch("site", 0, 10_000, Latency, 100)).AsTask();
        await Clock.ArmedAsync(armed + 1);

        // The grain parks its downloads in one synchronous loop; the clock must not move until the last is parked, or
        // the late ones would be due one advance later. Nothing signals the loop's end, so look until it has ended.
        using (var deadline = new CancellationTokenSource(WatchedFakeClock.ArmTimeout))
        {
            while (fixture.Network.ParkedWaits < 10_000)
            {
                await Task.Delay(1, deadline.Token);
            }
        }
        Clock.Advance(Latency - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, fixture.Network.PendingTimers);
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var summary = await batch;

        // Ten thousand downloads, one timer: every one of them waited exactly one latency.
        Assert.Equal(armed + 1, Clock.Armed);
        Assert.Equal(10_000, summary.Requested);
        Assert.Equal(10_000, summary.Succeeded);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(10_000 * 100, summary.Bytes);
        Assert.Equal(10_000, summary.Attempts);
        Assert.Equal(Latency, summary.FastestDownload);
        Assert.Equal(Latency, summary.SlowestDownload);
    }

    [Fact]
    public async Task Cancelling_a_batch_ends_the_call_and_frees_the_downloader_with_no_timer_left()
    {
        var downloader = NewDownloader();
        var armed = Clock.Armed;
        using var cancel = new CancellationTokenSource();

        // Ten minutes of latency that the clock is never advanced through: only the cancellation can end this call.
        var cancelled = downloader.DownloadAll(new DownloadBatch("site", 0, 5_000, TimeSpan.FromMinutes(10), 1), cancel.Token).AsTask();
        await Clock.ArmedAsync(armed + 1);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        // The downloader is not reentrant: it takes this call only once the cancelled one has handed back its waits.
        var next = downloader.DownloadAll(new DownloadBatch("site", 0, 1, Latency, 1)).AsTask();
        await Clock.ArmedAsync(armed + 2);
        Assert.Equal(1, fixture.Network.PendingTimers);
        Clock.Advance(Latency);
        Assert.Equal(1, (await next).Succeeded);

        Assert.Equal(0, fixture.Network.PendingTimers);
        Assert.Equal(0, Clock.Alive);
    }
}
