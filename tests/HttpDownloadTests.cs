using Concurrency.Abstractions;
using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>Downloader grains over real sockets to the sites endpoint, with failures injected.</summary>
[Collection(SitesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class HttpDownloadTests(SitesFixture fixture)
{
    [Fact]
    public async Task Under_failure_injection_every_download_is_accounted_for_and_the_totals_add_up()
    {
        const int Count = 100;
        var fetch = new HttpFetch(fixture.HttpBase, Timeout: TimeSpan.FromMilliseconds(200), Retries: 3, FailRate: 0.1, HangRate: 0.05, Seed: 11);
        var downloader = fixture.Grains.GetGrain<IDownloaderGrain>(GrainKeys.NewBase());

        // Open the connections first, with all the time they need: the 200 ms tries below should fail for the
        // failures injected, not because a busy machine was slow to accept a hundred new connections at once.
        await downloader.DownloadAll(new DownloadBatch("open", 0, Count, TimeSpan.FromMilliseconds(50), 0, new HttpFetch(fixture.HttpBase, TimeSpan.FromSeconds(10), 3)));

        var summary = await downloader.DownloadAll(new DownloadBatch("inject", 0, Count, TimeSpan.FromMilliseconds(20), 1000, fetch));

        Assert.Equal(Count, summary.Requested);
        Assert.Equal(Count, summary.Succeeded + summary.Failed);
        Assert.Equal(summary.Failed, summary.FailureReasons.Values.Sum());
        Assert.Equal(summary.Succeeded * 1000L, summary.Bytes);
        Assert.True(summary.Retries > 0, "with 15% of answers misbehaving, some downloads must have been retried");
        Assert.InRange(summary.Attempts, Count, Count * 4L);

        // Retries rescue most downloads: a try misbehaves one time in seven, so four in a row are rare.
        Assert.True(summary.Succeeded >= 0.8 * Count, $"only {summary.Succeeded} of {Count} succeeded: {string.Join(", ", summary.FailureReasons)}");
    }

    [Fact]
    public async Task A_download_accounts_for_each_of_its_tries()
    {
        var fetch = new HttpFetch(fixture.HttpBase, TimeSpan.FromSeconds(5), Retries: 2, FailRate: 1, Seed: 3);
        var downloader = fixture.Grains.GetGrain<IDownloaderGrain>(GrainKeys.NewBase());

        var result = await downloader.Download(new DownloadRequest("always-down", TimeSpan.Zero, 10, fetch));

        Assert.False(result.Succeeded);
        Assert.Equal(3, result.Attempts);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public async Task A_body_that_trickles_past_the_per_try_timeout_fails_the_try()
    {
        var fetch = new HttpFetch(fixture.HttpBase, TimeSpan.FromMilliseconds(300), Retries: 0, SlowRate: 1);
        var downloader = fixture.Grains.GetGrain<IDownloaderGrain>(GrainKeys.NewBase());

        var result = await downloader.Download(new DownloadRequest("trickle", TimeSpan.Zero, 8000, fetch));

        // The headers came at once with a 200; the timeout still caught the body, because it is read inside the try.
        Assert.False(result.Succeeded);
        Assert.Equal("timed out", result.Error);
        Assert.Equal(1, result.Attempts);
    }

    [SkippableFact]
    public async Task Concurrent_downloads_over_http_take_far_less_than_sequential_ones()
    {
        var experiment = new DownloadsExperiment();
        var latency = TimeSpan.FromMilliseconds(200);
        var settings = new DownloadsSettings(5, latency, 4096, new HttpFetch(null, TimeSpan.FromSeconds(5), 3));

        var result = await experiment.RunAsync(fixture.Context, settings, cancellationToken: CancellationToken.None);

        var sequential = result.Strategies.Single(s => s.Name == DownloadsExperiment.Sequential.Name);
        var concurrent = result.Strategies.Single(s => s.Name == DownloadsExperiment.Concurrent.Name);
        Assert.True(sequential.MeasuredSeconds >= 0.95 * 5 * latency.TotalSeconds, $"sequential took {sequential.MeasuredSeconds} s");
        Assert.Equal(5, concurrent.Figures.Succeeded);
        Assert.Equal(5 * 4096L, concurrent.Figures.Bytes);
        Assert.Equal(DownloadSources.Http, result.Parameters.Source);
        Verdicts.AssertHolds(result);
    }
}
