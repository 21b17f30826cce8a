using Concurrency.Abstractions;
using Concurrency.Abstractions.Lab;
using Concurrency.Grains;
using Concurrency.Grains.Lab;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Concurrency.Tests;

/// <summary>
/// A silo keeps the last minute of its thread pool whether or not a lab page is open, so a page opened mid-run draws
/// it at once: a ring of <see cref="LabLimits.PoolHistoryPoints"/> points, oldest first, and nothing with the feed off.
/// </summary>
public sealed class PoolHistoryTests
{
    [Fact]
    public void The_ring_keeps_the_newest_points_oldest_first_and_drops_the_rest()
    {
        using var history = new PoolHistory(capacity: 3);
        Assert.Empty(history.Points);
        Assert.False(history.FirstPoint.IsCompleted);

        foreach (var at in new long[] { 1, 2, 3, 4, 5 })
        {
            history.Add(new LabPoolPoint(at, Threads: (int)at, QueuedWorkItems: 0, CoresBusy: 0));
        }

        Assert.True(history.FirstPoint.IsCompletedSuccessfully);
        Assert.Equal([3L, 4L, 5L], history.Points.Select(p => p.AtMicroseconds));
    }

    [Fact]
    public void The_history_spans_the_minute_the_pages_pool_chart_draws() =>
        Assert.Equal(TimeSpan.FromMinutes(1), LabLimits.PoolPointEvery * LabLimits.PoolHistoryPoints);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_silo_keeps_its_pool_history_without_a_page_and_only_with_the_feed_on(bool feed)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.Services.Configure<LabLiveOptions>(live => live.Enabled = feed).AddConcurrencyGrains());
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var live = cluster.Silos[0].ServiceProvider.GetRequiredService<LabLive>();
        var lab = cluster.Client.GetGrain<ILabGrain>(cluster.Silos[0].SiloAddress.ToParsableString());

        if (!feed)
        {
            // Off, the reader never starts: there is nothing to wait for.
            Assert.Empty((await lab.History()).Pool);
            return;
        }

        await live.FirstPoolPoint.WaitAsync(TimeSpan.FromSeconds(10));
        var points = (await lab.History()).Pool;

        // No page asked for a sample, so no lease opened: the history is kept on its own.
        Assert.False(live.Watching);
        Assert.NotEmpty(points);
        Assert.All(points, p => Assert.True(p.Threads > 0, "a pool point with no pool thread"));
        Assert.Equal(points.OrderBy(p => p.AtMicroseconds).Select(p => p.AtMicroseconds), points.Select(p => p.AtMicroseconds));

        // Calls made with no page open are kept as well: a ping has ended (and been recorded) before its answer comes.
        foreach (var key in new long[] { 1, 2, 3 })
        {
            await cluster.Client.GetGrain<IPingGrain>(key).Ping();
        }

        var history = await lab.History();
        Assert.False(live.Watching);
        Assert.Equal(["1", "2", "3"], history.Calls.Where(c => c.GrainType == nameof(PingGrain)).Select(c => c.GrainKey));
        Assert.DoesNotContain(history.Calls, c => c.GrainType == nameof(LabGrain));
    }
}
