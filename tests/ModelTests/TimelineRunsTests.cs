using Concurrency.Client.Reporting;
using Concurrency.Client.Tracing;

namespace Concurrency.Tests.ModelTests;

/// <summary>The report's timelines of a strategy timed more than once: a chart per run, each with its number.</summary>
public sealed class TimelineRunsTests
{
    [Fact]
    public void A_strategy_timed_twice_gets_two_timelines_numbered_run_1_and_run_2_of_2()
    {
        var trace = new RunTrace("t", 100,
        [
            new StrategySection(new("cpu", "single-grain"), 0, 10, 4, 4),
            new StrategySection(new("cpu", "single-grain"), 20, 30, 4, 4),
            new StrategySection(new("cpu", "stateless-workers"), 40, 50, 4, 4),
        ], []);

        var timelines = Timelines.From(trace);

        Assert.Equal([("single-grain", 1, 2), ("single-grain", 2, 2), ("stateless-workers", 1, 1)], timelines.Select(t => (t.Strategy, t.Run, t.Runs)));
    }

    [Fact]
    public void A_strategy_that_ran_before_what_a_silos_ring_kept_is_marked_dropped_and_one_after_is_not()
    {
        // The ring kept the newest calls: from the middle of the second strategy on.
        Abstractions.Tracing.GrainCallRecord[] kept = [new("G", "k", "@a", "M", 0, 45, 48, false, []), new("G", "k", "@a", "M", 0, 65, 68, false, [])];
        var sections = new List<StrategySection> { new(new("cpu", "single-grain"), 0, 10, 4, 4), new(new("cpu", "stateless-workers"), 40, 50, 4, 4), new(new("cpu", "cluster"), 60, 70, 4, 4) };

        var dropped = Timelines.From(new RunTrace("t", 2, sections, [new Abstractions.Tracing.SiloTrace("s", kept, Dropped: 7, Limit: 2)]));
        Assert.Equal([true, true, false], dropped.Select(t => t.DroppedByRing));

        // Nothing dropped: nothing is marked, whatever the calls' times.
        var whole = Timelines.From(new RunTrace("t", 2, sections, [new Abstractions.Tracing.SiloTrace("s", kept, Dropped: 0, Limit: 2)]));
        Assert.All(whole, t => Assert.False(t.DroppedByRing));
    }

    [Fact]
    public void A_silo_lost_during_a_strategy_is_marked_on_that_strategys_timeline_at_its_moment()
    {
        var sections = new List<StrategySection> { new(new("cpu", "single-grain"), 1_000, 11_000, 4, 4), new(new("cpu", "stateless-workers"), 20_000, 30_000, 4, 4) };
        Client.Cluster.SiloLoss[] losses = [new("silo-3", AtSeconds: 1.2, AtMicroseconds: 25_500)];

        var timelines = Timelines.From(new RunTrace("t", 100, sections, []), losses);

        Assert.Empty(timelines[0].Losses);
        var mark = Assert.Single(timelines[1].Losses);
        Assert.Equal(("silo-3", 5.5), (mark.Silo, mark.AtMs));
    }
}
