using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// The blocking experiment on the shared test cluster. Blocking holds threads of this very process's pool, which every
/// test shares, so blocking-many runs here with few grains and 200 ms sleeps: enough to see it, too little to starve
/// the other tests.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BlockingExperimentTests(ClusterFixture fixture)
{
    private const int Count = 5;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_blocking_sleep_stalls_a_reentrant_grain_while_awaits_overlap()
    {
        var experiment = new BlockingExperiment();
        var settings = new BlockingSettings(Count, Latency, Grains: 1, [BlockingExperiment.Await, BlockingExperiment.BlockingSleep]);

        await Timing.AssertWithinMeasurementsAsync(async () =>
        {
            var result = await experiment.RunAsync(fixture.Context, settings, CancellationToken.None);

            var sleep = result.Strategies.Single(s => s.Name == BlockingExperiment.BlockingSleep);
            var awaited = result.Strategies.Single(s => s.Name == BlockingExperiment.Await);
            Assert.True(sleep.MeasuredSeconds >= 0.9 * Count * Latency.TotalSeconds, $"blocking-sleep took {sleep.MeasuredSeconds} s, less than {Count} sleeps of {Latency}");
            Assert.InRange(Convert.ToDouble(sleep.Legacy()!["longestTurnSeconds"]), 0.95 * Latency.TotalSeconds, Count * Latency.TotalSeconds);
            return (awaited.MeasuredSeconds <= 0.5 * sleep.MeasuredSeconds,
                $"await took {awaited.MeasuredSeconds:0.000} s, at most half of blocking-sleep's {sleep.MeasuredSeconds:0.000} s allowed");
        });
    }

    [Fact]
    public async Task Blocking_many_grains_completes_and_reports_the_silo_thread_pool()
    {
        const int grains = 8;
        var experiment = new BlockingExperiment();
        var settings = new BlockingSettings(Count, Latency, grains, [BlockingExperiment.BlockingMany]);

        var result = await experiment.RunAsync(fixture.Context, settings, CancellationToken.None);

        var many = Assert.Single(result.Strategies);
        var metrics = many.Legacy()!;
        Assert.Equal(Latency.TotalSeconds, many.ExpectedSeconds, 6);
        Assert.True(many.MeasuredSeconds >= 0.95 * Latency.TotalSeconds, $"{grains} sleeps of {Latency} finished in {many.MeasuredSeconds} s");
        Assert.Equal(grains, metrics["grains"]);
        Assert.Equal(Environment.ProcessorCount, metrics["processorCount"]);
        Assert.InRange(Convert.ToInt32(metrics["minThreads"]), 1, 10_000);
        Assert.InRange(Convert.ToInt32(metrics["threadsBefore"]), 1, 10_000);
        Assert.InRange(Convert.ToInt32(metrics["threadsAfter"]), 1, 10_000);
        Assert.True(Convert.ToInt32(metrics["mostThreadsSeen"]) >= Convert.ToInt32(metrics["threadsAfter"]));

        // Long turns are counted against the silo's own warning threshold (1 s by default, so none here).
        var threshold = Convert.ToDouble(metrics["turnWarningSeconds"]);
        var longest = Convert.ToDouble(metrics["longestTurnSeconds"]);
        Assert.True(threshold > 0);
        Assert.InRange(longest, 0.95 * Latency.TotalSeconds, many.MeasuredSeconds);
        Assert.InRange(Convert.ToInt32(metrics["longTurns"]), longest > threshold ? 1 : 0, longest > threshold ? grains : 0);
        Assert.InRange(Convert.ToDouble(metrics["lastGrainWaitedSeconds"]), 0, many.MeasuredSeconds);
        Assert.InRange(Convert.ToDouble(metrics["siloAnswerAfterMs"]), 0, 5_000);
    }

    [Fact]
    public void Blocking_many_refuses_more_blocked_time_than_its_budget()
    {
        var error = Assert.Throws<Hosting.Cli.UsageException>(() => Client.Cli.RunCommand.Prepare(new BlockingExperiment(), ["--grains", "500", "--latency", "1s"]));
        Assert.Contains("--grains 500", error.Message);
    }
}
