using Concurrency.Abstractions;
using Concurrency.Client.Executors;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>The executors experiment at 1,000,000 doubled items and 32 pi chunks.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ExecutorsExperimentTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Every_executor_returns_identical_results_for_every_function()
    {
        var experiment = new ExecutorsExperiment();

        var result = await experiment.RunAsync(fixture.Context, new ExecutorsSettings(1_000_000, 32), cancellationToken: CancellationToken.None);

        var figures = result.Strategies.Select(s => s.Figures).ToList();
        Assert.Equal(ExecutorCatalog.Names.Count * WorkFunctions.All.Count, figures.Count);
        Assert.All(figures, f => Assert.True(f.Identical, $"{f.Executor}/{f.Function} returned digest {f.Digest}"));
        foreach (var function in WorkFunctions.All)
        {
            var rows = figures.Where(f => f.Function == function.Name).ToList();
            Assert.Equal(ExecutorCatalog.Names, rows.Select(f => f.Executor));
            Assert.Single(rows.Select(f => f.Digest).Distinct());
            Assert.Single(rows.Select(f => f.Result).Distinct());
        }

        Assert.Equal(1_000_000.0 * 999_999.0, figures.First(f => f.Function == WorkFunctions.Doubling.Name).Result);
        Assert.InRange(figures.First(f => f.Function == WorkFunctions.PiChunk.Name).Result, Math.PI - 1e-6, Math.PI + 1e-6);
        Assert.All(result.Strategies, s => Assert.True(s.ExpectedSeconds > 0, $"{s.Name} has no model"));
        Assert.Contains(result.Verdict.Checks, c => c.Figure.StartsWith("pi-chunk: the digest", StringComparison.Ordinal) && c.Passed);

        // The double maps' times decide nothing, so they run in the first round only; the timed function every round.
        Assert.True(result.Rounds >= 2, $"{result.Rounds} round(s)");
        Assert.All(result.Strategies, s => Assert.Equal(s.Figures.Function == ExecutorsExperiment.TimedFunction.Name ? result.Rounds : 1, s.RunSeconds.Count));
    }

    [Fact]
    public async Task A_strategy_run_alone_is_measured_and_not_judged()
    {
        var experiment = new ExecutorsExperiment();
        var alone = ExecutorsExperiment.Mapping(ExecutorCatalog.StatelessPool, WorkFunctions.PiChunk).Name;

        var result = await experiment.Prepare(new SettingValues(null, true, [alone])).RunAsync(fixture.Context, CancellationToken.None);

        var strategy = Assert.Single(result.Strategies);
        Assert.Equal(alone, strategy.Name);

        // Nothing compares its speed, so it is timed once: what its one run did is what the result shows.
        Assert.Single(strategy.RunSeconds);
        Assert.True(Assert.IsType<StrategyResult<ExecutorsFigures>>(strategy).Figures.Identical);
        Assert.Equal(VerdictState.NotJudged, result.Verdict.State);
    }

    [Fact]
    public async Task The_stateless_pool_maps_the_same_digest_as_a_plain_loop_across_uneven_batches()
    {
        var items = 3L * WorkFunctions.Doubling.BatchSize + 12_345;
        var pool = ExecutorCatalog.Create(ExecutorCatalog.StatelessPool, fixture.Grains, fixture.Context.Cluster.Shape.CoresOfOneSilo, 0);
        var advanced = 0L;

        var digest = await pool.MapAsync(WorkFunctions.Doubling, items, n => Interlocked.Add(ref advanced, n), CancellationToken.None);

        Assert.Equal(WorkFunctions.Doubling.Run(0, (int)items), digest);
        Assert.Equal(items, digest.Count);
        Assert.Equal(items, advanced);
        Assert.Equal(2.0 * (items - 1), digest.Last);
    }
}
