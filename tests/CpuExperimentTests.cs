using Concurrency.Abstractions;
using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>The cpu experiment through the client's code path, at a scaled-down size: 4 jobs of 50,000,000 terms in chunks of 10,000,000.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Slow")]
public sealed class CpuExperimentTests(ClusterFixture fixture)
{
    private const int Jobs = 4;

    [SkippableFact]
    public async Task One_grain_runs_jobs_one_at_a_time_and_the_stateless_pool_spreads_them_over_the_cores()
    {
        var experiment = new CpuExperiment();
        var settings = new CpuSettings(Jobs, 50_000_000, PiKernel.Scalar, ChunkTerms: 10_000_000);
        var cores = Environment.ProcessorCount;

        var result = await experiment.RunAsync(fixture.Context, settings, cancellationToken: CancellationToken.None);

        var single = result.Strategies.Single(s => s.Name == CpuExperiment.SingleGrain.Name);
        var pool = result.Strategies.Single(s => s.Name == CpuExperiment.StatelessWorkers.Name);
        Assert.All(result.Strategies, s => Assert.True(s.Figures.SameAsLocalRun));

        // Each strategy ran once a round, and shows its median round; every round's time is in the result.
        Assert.InRange(result.Rounds, CpuExperiment.PoolSampling.MinRounds, CpuExperiment.PoolSampling.MaxRounds);
        Assert.All(result.Strategies, s => Assert.Equal(result.Rounds, s.RunSeconds.Count));
        Assert.All(result.Strategies, s => Assert.Contains(s.MeasuredSeconds, s.RunSeconds));
        Assert.Equal(single.Figures.Result, pool.Figures.Result);
        // The exact results above are checked on any machine; the speedup needs a second core.
        Skip.If(cores < 2, $"speedup not checked: this machine has {cores} core, so the pool cannot beat one grain");

        Verdicts.AssertHolds(result);
    }

    [Fact]
    public async Task Every_kernel_and_strategy_returns_the_local_runs_pi()
    {
        var experiment = new CpuExperiment();
        foreach (var kernel in Enum.GetValues<PiKernel>())
        {
            var settings = new CpuSettings(2, 3_000_001, kernel, ChunkTerms: 1_000_000);

            var result = await experiment.RunAsync(fixture.Context, settings, cancellationToken: CancellationToken.None);

            Assert.All(result.Strategies, s => Assert.True(s.Figures.SameAsLocalRun));

            // Each strategy ran once a round, and shows its median round; every round's time is in the result.
            Assert.InRange(result.Rounds, CpuExperiment.PoolSampling.MinRounds, CpuExperiment.PoolSampling.MaxRounds);
            Assert.All(result.Strategies, s => Assert.Equal(result.Rounds, s.RunSeconds.Count));
            Assert.All(result.Strategies, s => Assert.Contains(s.MeasuredSeconds, s.RunSeconds));
            Assert.All(result.Strategies, s => Assert.InRange(s.Figures.Result, Math.PI - 1e-6, Math.PI + 1e-6));
            Assert.Equal(4L, result.Parameters.ChunksPerJob);
        }
    }
}
