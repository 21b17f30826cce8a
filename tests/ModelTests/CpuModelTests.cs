using Concurrency.Abstractions;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;

namespace Concurrency.Tests.ModelTests;

/// <summary>The cpu models are pure functions of the settings, the shape and T1: evaluated here for shapes this machine is not.</summary>
public sealed class CpuModelTests
{
    private static readonly CpuExperiment Cpu = new();
    private static readonly PiCosts Costs = new(T1Seconds: 0.5, LocalPi: Math.PI);

    [Theory]
    // 64 jobs on one grain: they add up, whatever the cluster.
    [InlineData(CpuExperiment.SingleGrain, 64, 8, 16, 8, 16, 32.0)]
    // One silo's pool of 16 cores: 64 jobs take 4 x T1.
    [InlineData(CpuExperiment.StatelessWorkers, 64, 8, 16, 8, 16, 2.0)]
    // 8 silos x 16 cores on 8 machines: 128 cores for 64 jobs, so one job's time.
    [InlineData(CpuExperiment.ClusterWide, 64, 8, 16, 8, 16, 0.5)]
    // 8 silos of 16 cores crowded on 1 machine of 16 cores: the machine's cores set the limit, 64 / 16 x T1.
    [InlineData(CpuExperiment.ClusterWide, 64, 8, 16, 1, 16, 2.0)]
    // 3 silos on 2 cores, 4 jobs: cores, not silos, set it: 4 / 2 x T1.
    [InlineData(CpuExperiment.ClusterWide, 4, 3, 2, 1, 2, 1.0)]
    // 2 one-core machines, 2 jobs: one job each, side by side.
    [InlineData(CpuExperiment.ClusterWide, 2, 2, 1, 2, 1, 0.5)]
    // Fewer jobs than cores: one job cannot use more than one core.
    [InlineData(CpuExperiment.StatelessWorkers, 2, 1, 16, 1, 16, 0.5)]
    public void Each_strategy_is_modelled_for_any_shape(string strategy, int jobs, int silos, int coresPerSilo, int machines, int coresPerMachine, double seconds)
    {
        var settings = new CpuSettings(jobs, 100_000_000, PiKernel.Scalar);

        var expected = Cpu.Model(strategy, settings, new ClusterShape(silos, coresPerSilo, machines, coresPerMachine), Costs);

        Assert.Equal(seconds, expected.Seconds, 9);
    }
}
