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
            new StrategySection("cpu/single-grain", 0, 10, 4, 4),
            new StrategySection("cpu/single-grain", 20, 30, 4, 4),
            new StrategySection("cpu/stateless-workers", 40, 50, 4, 4),
        ], []);

        var timelines = Timelines.From(trace);

        Assert.Equal([("single-grain", 1, 2), ("single-grain", 2, 2), ("stateless-workers", 1, 1)], timelines.Select(t => (t.Strategy, t.Run, t.Runs)));
    }
}
