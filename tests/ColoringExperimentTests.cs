using System.Diagnostics;
using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// The coloring experiment scaled down: 2 requests, B waiting 50 ms, a 1 s deadlock timeout. The deadlock must be found
/// within that timeout (plus the stated slack), never by Orleans' 30 s response timeout, and the silo must answer after.
/// </summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ColoringExperimentTests(ClusterFixture fixture)
{
    [SkippableFact]
    public async Task Sync_over_async_deadlocks_the_call_chain_within_the_timeout_and_async_and_the_bridge_do_not()
    {
        var settings = new ColoringSettings(2, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), 100);
        var clock = Stopwatch.StartNew();

        var result = await new ColoringExperiment().RunAsync(fixture.Context, settings, cancellationToken: CancellationToken.None);

        // Two deadlocks of 1 s each a round, and the rest in milliseconds: far from the 60 s that two of Orleans' timeouts would take.
        Assert.True(clock.Elapsed < result.Rounds * TimeSpan.FromSeconds(20), $"took {clock.Elapsed} for {result.Rounds} rounds");
        var figures = result.Strategies.ToDictionary(s => s.Name, s => s.Figures);
        Assert.Equal([ColoringExperiment.AsyncAllTheWay.Name, ColoringExperiment.SyncOverAsync.Name, ColoringExperiment.Bridge.Name], figures.Keys);
        Assert.All(figures.Values, f => Assert.True(f.HealthyAfter, $"{f}"));
        Assert.All(figures.Values, f => Assert.Equal(2, f.Answered));

        var blocked = figures[ColoringExperiment.SyncOverAsync.Name];
        Assert.Equal(2, blocked.Deadlocks);
        Assert.InRange(blocked.LongestDeadlockSeconds, 1.0, settings.ClientTimeout.TotalSeconds);
        Assert.Equal(0, figures[ColoringExperiment.AsyncAllTheWay.Name].Deadlocks);
        Assert.Equal(0, figures[ColoringExperiment.Bridge.Name].Deadlocks);

        // Pings sent while A was blocked waited for its turn to end; whether the bridge's did not is the verdict's
        // interval-based check, decided over the rounds.
        Assert.True(blocked.MaxMs >= 500, $"no ping waited for the blocked turn: {blocked}");
        Verdicts.AssertHolds(result);
    }

    [Fact]
    public void A_latency_over_half_the_deadlock_timeout_is_refused()
    {
        var error = Assert.Throws<Hosting.UsageException>(() => Client.Cli.RunCommand.Prepare(new ColoringExperiment(), ["--latency", "600ms", "--deadlock-timeout", "1s"]));

        Assert.Contains("--latency", error.Message);
    }
}
