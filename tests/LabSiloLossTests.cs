using Concurrency.Abstractions.Lab;
using Concurrency.Client.Lab;
using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// A silo a strategy's roster sees leave is news for every live silo's lab page: what died, during which strategy,
/// and when on the trace's clock, so the page can mark the moment on its lanes.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LabSiloLossTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_silo_that_left_during_a_strategy_reaches_the_lab_page_with_the_strategy_and_the_moment()
    {
        var feed = new LabFeed(fixture.Grains);
        feed.StrategyStarted("cpu", CpuExperiment.SingleGrain);
        var before = Abstractions.Tracing.TraceClock.NowMicroseconds();

        feed.Observe(inner: null).Left("127.0.0.1:11113@1");
        await feed.FlushAsync();

        var run = await fixture.Grains.GetGrain<ILabGrain>(fixture.Cluster.Silos[0].SiloAddress.ToParsableString()).Run(CancellationToken.None);
        var loss = Assert.Single(run.Losses, l => l.Silo == "127.0.0.1:11113@1");
        Assert.Equal("cpu/single-grain", loss.During);
        Assert.InRange(loss.AtMicroseconds, before, Abstractions.Tracing.TraceClock.NowMicroseconds());
    }
}
