using Concurrency.Tests.Infrastructure;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;

namespace Concurrency.Tests.ModelTests;

/// <summary>The coloring models, evaluated exactly, and its judge on hand-built outcomes.</summary>
public sealed class ColoringModelTests
{
    private static readonly ColoringExperiment Experiment = new();
    private static readonly ColoringSettings Settings = new(3, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2), 100);
    private static readonly ColoringCosts Costs = new(IdleP50Ms: 1, IdleP99Ms: 4);
    private static readonly ClusterShape Shape = new(8, 16, 8, 16);

    [Fact]
    public void Blocked_the_activation_is_held_for_the_whole_timeout_of_every_request()
    {
        var model = ColoringExperiment.SyncOverAsync.Model(Settings, Shape, Costs);

        // Held 2,000 ms of every 2,001: the p-th percentile waits 2,001 x (p - 1/2,001) ms.
        Assert.Equal(3 * 2.001, model.Seconds, 9);
        Assert.Equal(1 + (2001 * (0.50 - (1.0 / 2001))), model.P50Ms!.Value, 9);
        Assert.Equal(4 + (2001 * (0.99 - (1.0 / 2001))), model.P99Ms!.Value, 9);
    }

    [Theory]
    [InlineData("async")]
    [InlineData("bridge")]
    public void Async_and_bridged_the_pings_stay_at_the_floor(string strategy)
    {
        var model = Experiment.Named(strategy).Model(Settings, Shape, Costs);

        Assert.Equal((3 * 0.201, 1.0, 4.0), (model.Seconds, model.P50Ms!.Value, model.P99Ms!.Value), new SecondsComparer());
    }

    [Fact]
    public void Every_way_as_described_holds()
    {
        Assert.Equal(VerdictState.Holds, Judge().State);
    }

    [Fact]
    public void A_chain_that_did_not_deadlock_when_blocked_does_not_hold()
    {
        Assert.Equal(VerdictState.DoesNotHold, Judge(blockedDeadlocks: 2).State);
    }

    [Fact]
    public void A_deadlock_found_after_the_stated_timeout_does_not_hold()
    {
        // 2 s timeout + 1 s slack: found after 3.5 s is Orleans' timeout or a stuck wait, not the experiment's.
        Assert.Equal(VerdictState.DoesNotHold, Judge(foundAfter: 3.5).State);
    }

    [Fact]
    public void A_bridge_that_held_the_activation_does_not_hold()
    {
        // Idle p99 4 ms + half of B's 200 ms: a bridge whose pings waited 150 ms waited out the blocking.
        Assert.Equal(VerdictState.DoesNotHold, Judge(bridgeP99: 150).State);
    }

    [Fact]
    public void A_silo_stuck_afterwards_does_not_hold()
    {
        Assert.Equal(VerdictState.DoesNotHold, Judge(healthy: false).State);
    }

    [Fact]
    public void Without_the_blocking_strategy_it_is_not_judged()
    {
        var outcomes = Outcomes(3, 2.0, 5, true).Where(o => o.Name != ColoringExperiment.SyncOverAsync.Name).ToList();

        Assert.Equal(VerdictState.NotJudged, Experiment.DecideSteady(Settings, Shape, Costs, outcomes).State);
    }

    private static Verdict Judge(int blockedDeadlocks = 3, double foundAfter = 2.01, double bridgeP99 = 5, bool healthy = true) =>
        Experiment.DecideSteady(Settings, Shape, Costs, Outcomes(blockedDeadlocks, foundAfter, bridgeP99, healthy));

    private static List<Outcome<ColoringFigures>> Outcomes(int blockedDeadlocks, double foundAfter, double bridgeP99, bool healthy)
    {
        Outcome<ColoringFigures> Outcome(ColoringExperiment.Strategy name, int deadlocks, double found, double p99, bool well) =>
            new(name, name.Model(Settings, Shape, Costs), 1.0, new ColoringFigures(3, 3, deadlocks, found, well, p99 / 2, p99, p99, 100));
        return
        [
            Outcome(ColoringExperiment.AsyncAllTheWay, 0, 0, 5, true),
            Outcome(ColoringExperiment.SyncOverAsync, blockedDeadlocks, foundAfter, 1_990, healthy),
            Outcome(ColoringExperiment.Bridge, 0, 0, bridgeP99, true),
        ];
    }

    private sealed class SecondsComparer : IEqualityComparer<(double, double, double)>
    {
        public bool Equals((double, double, double) x, (double, double, double) y) =>
            Math.Abs(x.Item1 - y.Item1) < 1e-9 && Math.Abs(x.Item2 - y.Item2) < 1e-9 && Math.Abs(x.Item3 - y.Item3) < 1e-9;

        public int GetHashCode((double, double, double) obj) => 0;
    }
}
