using System.Net;
using Concurrency.Abstractions;
using Concurrency.Abstractions.Lab;
using Concurrency.Grains;
using Concurrency.Grains.Lab;
using Concurrency.Hosting;
using Concurrency.Hosting.Lab;
using Concurrency.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;

namespace Concurrency.Tests;

/// <summary>
/// <c>--no-lab</c>: the live feed switched off, so that <c>client bench</c> can measure what it costs in one build. Off, the
/// silo serves no /lab, and a sample opens no watch lease. On or off, a grain call reads no clock for the feed.
/// </summary>
public sealed class LiveFeedSwitchTests
{
    private const int Pings = 200;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_grain_call_reads_no_clock_for_the_feed_and_only_with_it_on_does_a_sample_record_calls(bool feed)
    {
        // Counting LabLive's clock: the lease's own timer and the samples read it, a grain call must not.
        var clock = new CountingClock();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.Services
            .Configure<LabLiveOptions>(live => live.Enabled = feed)
            .AddSingleton(services => new LabLive(clock, services.GetRequiredService<IOptions<LabLiveOptions>>()))
            .AddConcurrencyGrains());
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var silo = cluster.Silos[0].SiloAddress.ToParsableString();
        await PingAsync(cluster.Client, 0);

        var before = clock.Reads;
        await PingAsync(cluster.Client, 1);
        var unwatched = clock.Reads - before;

        // A page asks for a sample: with the feed on, this opens the lease and the calls are recorded for it.
        var sample = await cluster.Client.GetGrain<ILabGrain>(silo).Sample(CancellationToken.None);
        before = clock.Reads;
        await PingAsync(cluster.Client, 2);
        var watched = clock.Reads - before;
        var next = await cluster.Client.GetGrain<ILabGrain>(silo).Sample(CancellationToken.None);

        Assert.Equal((0L, 0L), (unwatched, watched));
        Assert.Equal(Environment.ProcessorCount, sample.Cores);
        if (feed)
        {
            Assert.Contains(next.Calls, c => c.GrainType == nameof(PingGrain));
        }
        else
        {
            Assert.Empty(next.Calls);
        }
    }

    [Fact]
    public async Task With_the_feed_off_a_silo_with_its_dashboard_serves_no_lab_page_and_links_to_none()
    {
        await using var silo = await LabSilo.StartAsync(new LabSiloOptions { SiloPort = 0, GatewayPort = 0, HttpPort = 0, Dashboard = true, LiveFeed = false });
        using var http = new HttpClient { BaseAddress = silo.HttpBase };

        foreach (var path in new[] { LabEndpoints.Path, LabEndpoints.Path + "/events" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var dashboard = await http.GetAsync(new Uri(LabSiloOptions.DashboardPath + "/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.DoesNotContain($"href=\"{LabEndpoints.Path}\"", await dashboard.Content.ReadAsStringAsync());
        Assert.Null(silo.LabPage);
        Assert.False(silo.Services.GetRequiredService<LabLive>().Enabled);
        Assert.Null(silo.Services.GetService<LabBroadcast>());
    }

    [Fact]
    public async Task With_the_feed_on_the_same_silo_serves_the_lab_page_and_its_link()
    {
        await using var silo = await LabSilo.StartAsync(new LabSiloOptions { SiloPort = 0, GatewayPort = 0, HttpPort = 0, Dashboard = true });
        using var http = new HttpClient { BaseAddress = silo.HttpBase };

        using var lab = await http.GetAsync(new Uri(LabEndpoints.Path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, lab.StatusCode);
        using var dashboard = await http.GetAsync(new Uri(LabSiloOptions.DashboardPath + "/", UriKind.Relative));
        Assert.Contains($"href=\"{LabEndpoints.Path}\"", await dashboard.Content.ReadAsStringAsync());
        Assert.Equal(new Uri(silo.HttpBase, LabEndpoints.Path), silo.LabPage);
        Assert.True(silo.Services.GetRequiredService<LabLive>().Enabled);
    }

    [Fact]
    public async Task The_silo_and_the_client_s_bench_offer_no_lab_in_their_help()
    {
        var silo = await LabProcess.RunSiloAsync(TimeSpan.FromSeconds(60), "--help");
        var bench = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(60), "bench", "--help");

        Assert.Contains("--no-lab", silo.Stdout);
        Assert.Contains("--no-lab", bench.Stdout);
    }

    private static Task PingAsync(IGrainFactory grains, int round) =>
        Task.WhenAll(Enumerable.Range(0, Pings).Select(i => grains.GetGrain<IPingGrain>((round * Pings) + i).Ping().AsTask()));

    /// <summary>The system clock, counting how often it is read.</summary>
    private sealed class CountingClock : TimeProvider
    {
        private long _reads;

        public long Reads => Interlocked.Read(ref _reads);

        public override long GetTimestamp()
        {
            Interlocked.Increment(ref _reads);
            return System.GetTimestamp();
        }
    }
}
