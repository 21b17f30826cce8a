using Concurrency.Abstractions;
using Concurrency.Client.Experiments;
using Concurrency.Hosting;
using Concurrency.Hosting.Sites;
using Concurrency.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Concurrency.Tests;

/// <summary>
/// A site that always fails: the breaker opens and refuses tries without sending them. It runs on a silo of its own,
/// because the open breaker would otherwise refuse the other tests' requests to the same sites endpoint.
/// </summary>
public sealed class CircuitBreakerTests : IAsyncLifetime
{
    private LabSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await SitesFixture.StartSiloAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task The_circuit_opens_against_a_site_that_always_fails()
    {
        const int Downloaders = 25;
        const int DownloadsEach = 8;
        var fetch = new HttpFetch(_silo.HttpBase, TimeSpan.FromSeconds(5), Retries: 3, FailRate: 1, Seed: 5);
        var keyBase = GrainKeys.NewBase();

        var results = await Task.WhenAll(Enumerable.Range(0, Downloaders).Select(async d =>
        {
            var downloader = _silo.Grains.GetGrain<IDownloaderGrain>(keyBase + d);
            var mine = new List<DownloadResult>();
            for (var i = 0; i < DownloadsEach; i++)
            {
                mine.Add(await downloader.Download(new DownloadRequest("down", TimeSpan.Zero, 100, fetch)));
            }

            return mine;
        }));

        var all = results.SelectMany(r => r).ToList();
        var attempts = all.Sum(r => r.Attempts);
        var reachedServer = _silo.Services.GetRequiredService<SiteTraffic>().Requests;
        Assert.Equal(Downloaders * DownloadsEach, all.Count);
        Assert.All(all, r => Assert.False(r.Succeeded));
        Assert.Contains(all, r => r.Error == "circuit open");
        Assert.True(reachedServer <= attempts / 2, $"{reachedServer} requests reached the server for {attempts} attempts: the breaker did not hold them back");
    }
}
