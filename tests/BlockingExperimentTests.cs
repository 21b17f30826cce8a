using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// The blocking experiment on the shared test cluster. Blocking holds threads of this very process's pool, which every
/// test shares, so blocking-many runs here with few grains and 200 ms sleeps: enough to see it, too little to starve
/// the other tests.
/// </summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Slow")]
public sealed class BlockingExperimentTests(ClusterFixture fixture)
{
    private const int Count = 5;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(200);

    [SkippableFact]
    public async Task A_blocking_sleep_stalls_a_reentrant_grain_while_awaits_overlap()
    {
        var experiment = new BlockingExperiment();
        var settings = new BlockingSettings(Count, Latency, Grains: 1);

        var result = await experiment.RunAsync(fixture.Context, settings, [BlockingExperiment.Await, BlockingExperiment.BlockingSleep], CancellationToken.None);

        var sleep = result.Strategies.Single(s => s.Name == BlockingExperiment.BlockingSleep.Name);
        var awaited = result.Strategies.Single(s => s.Name == BlockingExperiment.Await.Name);
        var sleepFigures = sleep.Figures;
        Assert.Equal(Count, sleepFigures.Fetches);
        Assert.Equal(0, awaited.Figures.Failed);
        Assert.Null(awaited.Figures.LongTurns);
        Assert.Equal(Count * Latency.TotalSeconds, sleep.ExpectedSeconds, 6);
        Assert.True(sleep.MeasuredSeconds >= 0.9 * Count * Latency.TotalSeconds, $"blocking-sleep took {sleep.MeasuredSeconds} s, less than {Count} sleeps of {Latency}");
        Assert.InRange(sleepFigures.LongestTurnSeconds!.Value, 0.95 * Latency.TotalSeconds, Count * Latency.TotalSeconds);
        Verdicts.AssertHolds(result);
    }

    [Fact]
    public async Task Blocking_many_grains_completes_and_reports_the_silo_thread_pool()
    {
        const int grains = 8;
        var experiment = new BlockingExperiment();
        var settings = new BlockingSettings(Count, Latency, grains);

        var result = await experiment.RunAsync(fixture.Context, settings, [BlockingExperiment.BlockingMany], CancellationToken.None);

        var many = Assert.Single(result.Strategies);
        var figures = many.Figures;
        var pool = figures.Pool!;
        var costs = result.Costs;
        Assert.Equal(BlockingExperiment.PoolDrainSeconds(grains, Latency.TotalSeconds, costs.ReadyThreads, BlockingExperiment.InjectedThreadsPerSecond), many.ExpectedSeconds, 9);
        Assert.True(many.MeasuredSeconds >= 0.95 * Latency.TotalSeconds, $"{grains} sleeps of {Latency} finished in {many.MeasuredSeconds} s");
        Assert.Equal(grains, figures.Fetches);
        Assert.Equal(Environment.ProcessorCount, costs.SiloProcessorCount);
        Assert.InRange(costs.MinThreads, 1, 10_000);
        Assert.InRange(pool.ThreadsBefore, 1, 10_000);
        Assert.InRange(pool.ThreadsAfter, 1, 10_000);
        Assert.True(pool.MostThreadsSeen >= pool.ThreadsAfter);

        // Long turns are counted against the silo's own warning threshold (1 s by default, so none here).
        var longest = figures.LongestTurnSeconds!.Value;
        Assert.True(costs.TurnWarningSeconds > 0);
        Assert.InRange(longest, 0.95 * Latency.TotalSeconds, many.MeasuredSeconds);
        Assert.InRange(figures.LongTurns!.Value, longest > costs.TurnWarningSeconds ? 1 : 0, longest > costs.TurnWarningSeconds ? grains : 0);
        Assert.InRange(pool.LastGrainWaitedSeconds, 0, many.MeasuredSeconds);
        Assert.InRange(pool.SiloAnswerAfterMs, 0, 5_000);

        // blocking-many alone shows the pool, not the event loop: the claim is not judged, and says why.
        Assert.Equal(Client.Results.VerdictState.NotJudged, result.Verdict.State);
        Assert.Contains(BlockingExperiment.Await.Name, result.Verdict.NotJudgedReason);
    }

    /// <summary>
    /// The claim predicts Orleans' long-turn warnings: sleeps just past the silo's turn warning threshold, each holding
    /// its turn, must be warned of, and the result counts them (the silo's logger provider counts, the client reads
    /// the count before and after), in its notes and, typed, in its JSON.
    /// </summary>
    [SkippableFact]
    public async Task The_result_counts_the_long_turns_orleans_warned_of_while_blocking_sleep_ran()
    {
        var threshold = (await fixture.Grains.GetGrain<Abstractions.IThreadPoolGrain>(0).Snapshot(CancellationToken.None)).TurnWarningThreshold;
        Skip.If(threshold > TimeSpan.FromSeconds(2), $"this silo warns only past {threshold}: too long a sleep for a test");
        var settings = new BlockingSettings(2, threshold + TimeSpan.FromMilliseconds(150), Grains: 1);

        var result = await new BlockingExperiment().RunAsync(fixture.Context, settings, [BlockingExperiment.BlockingSleep], CancellationToken.None);

        var warnings = result.FrameworkWarnings;
        Assert.NotNull(warnings);
        var longTurns = warnings.Of(Abstractions.Logging.FrameworkWarningKind.LongTurn);
        Assert.InRange(longTurns, 1, 1_000);
        Assert.Contains(result.Verdict.Notes, n => n.StartsWith($"Orleans warned of {longTurns:N0} long turn", StringComparison.Ordinal) && n.Contains("as the claim predicts", StringComparison.Ordinal));

        using var json = System.Text.Json.JsonDocument.Parse(Client.Results.ReportJson.Serialize(result));
        var counted = json.RootElement.GetProperty("frameworkWarnings").GetProperty("counts").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "long-turn");
        Assert.Equal(longTurns, counted.GetProperty("count").GetInt64());
        Assert.Equal("Orleans.Runtime.Scheduler.WorkItemGroup", counted.GetProperty("category").GetString());
    }

    [Fact]
    public void Blocking_many_refuses_more_blocked_time_than_its_budget()
    {
        var error = Assert.Throws<Hosting.UsageException>(() => Client.Cli.RunCommand.Prepare(new BlockingExperiment(), ["--grains", "500", "--latency", "1s"]));
        Assert.Contains("--grains 500", error.Message);
    }
}
