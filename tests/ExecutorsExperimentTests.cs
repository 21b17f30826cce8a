using Concurrency.Abstractions;
using Concurrency.Client.Executors;
using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>The executors experiment at 1,000,000 doubled items and 32 pi chunks.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ExecutorsExperimentTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Every_executor_returns_identical_results_for_every_function()
    {
        var experiment = new ExecutorsExperiment();
        var settings = new ExecutorsSettings(1_000_000, 32, experiment.Strategies);

        var result = await experiment.RunAsync(fixture.Context, settings, CancellationToken.None);

        Assert.Equal(ExecutorCatalog.Names.Count * WorkFunctions.All.Count, result.Strategies.Count);
        Assert.All(result.Strategies, s => Assert.Equal(true, s.Legacy()!["identical"]));
        foreach (var function in WorkFunctions.All)
        {
            var rows = result.Strategies.Where(s => (string)s.Legacy()!["function"]! == function.Name).ToList();
            Assert.Single(rows.Select(s => s.Legacy()!["digest"]).Distinct());
            Assert.Single(rows.Select(s => s.Legacy()!["result"]).Distinct());
        }

        var doubled = result.Strategies.First(s => (string)s.Legacy()!["function"]! == WorkFunctions.Doubling.Name);
        Assert.Equal(1_000_000m * 999_999m, doubled.Legacy()!["result"]);
        var pi = result.Strategies.First(s => (string)s.Legacy()!["function"]! == WorkFunctions.PiChunk.Name);
        Assert.InRange((double)(decimal)pi.Legacy()!["result"]!, Math.PI - 1e-6, Math.PI + 1e-6);
    }

    [Fact]
    public async Task The_stateless_pool_maps_the_same_digest_as_a_plain_loop_across_uneven_batches()
    {
        var items = 3L * WorkFunctions.Doubling.BatchSize + 12_345;
        var pool = ExecutorCatalog.Create(ExecutorCatalog.StatelessPool, fixture.Grains, Environment.ProcessorCount, 0);
        var advanced = 0L;

        var digest = await pool.MapAsync(WorkFunctions.Doubling, items, n => Interlocked.Add(ref advanced, n), CancellationToken.None);

        Assert.Equal(WorkFunctions.Doubling.Run(0, (int)items), digest);
        Assert.Equal(items, digest.Count);
        Assert.Equal(items, advanced);
        Assert.Equal(2.0 * (items - 1), digest.Last);
    }
}
