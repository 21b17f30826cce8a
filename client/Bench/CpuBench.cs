using Concurrency.Abstractions;
using Concurrency.Client.Executors;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;

namespace Concurrency.Client.Bench;

/// <summary>
/// Through the experiments themselves: the stateless-worker speedup over one grain on the article's 4 jobs, and the
/// stateless pool's rate on ten million <c>item * 2</c> items.
/// </summary>
public sealed class CpuBench : IBench
{
    public string Name => "cpu";

    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var cores = Environment.ProcessorCount;
        var experimentContext = new ExperimentContext(context.Grains, ClusterInfo.Local(), context.Progress);

        var cpu = await new CpuExperiment().RunAsync(
            experimentContext,
            new CpuSettings(4, context.Quick ? 5_000_000 : 100_000_000, PiKernel.Scalar),
            [CpuExperiment.SingleGrain, CpuExperiment.StatelessWorkers],
            cancellationToken);
        var single = cpu.Strategies.Single(s => s.Name == CpuExperiment.SingleGrain.Name).MeasuredSeconds;
        var pool = cpu.Strategies.Single(s => s.Name == CpuExperiment.StatelessWorkers.Name).MeasuredSeconds;

        var items = context.Quick ? 1_000_000 : 10_000_000;
        var poolDoubling = ExecutorsExperiment.Mapping(ExecutorCatalog.StatelessPool, WorkFunctions.Doubling);
        var executors = await new ExecutorsExperiment().RunAsync(experimentContext, new ExecutorsSettings(items, 8), [poolDoubling], cancellationToken);
        var doubles = executors.Strategies.Single(s => s.Name == poolDoubling.Name);
        var doubled = doubles.Figures;

        return
        [
            new BenchFigure("cpu-stateless-speedup", single / pool, "x", 0.9 * cores, TargetDirection.AtLeast,
                $"cpu experiment, 4 jobs of {cpu.Parameters.Terms:N0} terms: single-grain time / stateless-workers time (target 0.9 x {cores} cores)",
                new SpeedupDetails(single, pool)),
            new BenchFigure("executors-stateless-pool-items-per-second", doubled.ItemsPerSecond, "items/s", 50_000_000, TargetDirection.AtLeast,
                $"executors experiment, stateless-pool executor mapping item * 2 over {items:N0} items, results checked",
                new MapDetails(doubled.Identical, doubles.MeasuredSeconds)),
        ];
    }
}
