using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>The native experiment scaled down: 3 kernels of 30,000,000 terms while the activation is pinged 200 times a second.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Slow")]
public sealed class NativeExperimentTests(ClusterFixture fixture)
{
    [SkippableFact]
    public async Task A_kernel_awaited_on_the_pool_leaves_the_activation_answering_and_one_in_the_turn_holds_it()
    {
        var settings = new NativeSettings(3, 30_000_000, 200);
        Skip.If(Environment.ProcessorCount < 2, "one core: the released kernel and the pings share it, so nothing can be checked");

        var result = await new NativeExperiment().RunAsync(fixture.Context, settings, cancellationToken: CancellationToken.None);

        var figures = result.Strategies.ToDictionary(s => s.Name, s => s.Figures);
        Assert.All(figures.Values, f => Assert.True(f.SameAsLocalRun && f.Kernels == 3, $"{f}"));
        Assert.All(figures.Values, f => Assert.True(f.Pings > 0, $"{f}"));
        var (inTurn, released) = (figures[NativeExperiment.InTurn.Name], figures[NativeExperiment.Released.Name]);

        // In the turn a ping that arrives mid-kernel waits for the rest of it: the slowest waits most of a kernel.
        Assert.True(inTurn.MaxMs >= 0.5 * inTurn.MeanKernelSeconds * 1e3, $"in the turn no ping waited even half a kernel: {inTurn}");
        Verdicts.AssertHolds(result);
    }
}
