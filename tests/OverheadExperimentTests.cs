using Concurrency.Client.Experiments;
using Concurrency.Client.Results;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>The overhead experiment at 5,000 tiny tasks of 100 terms.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OverheadExperimentTests(ClusterFixture fixture)
{
    [SkippableFact]
    public async Task Batching_tiny_tasks_costs_less_per_item_than_one_call_each_and_computes_the_same_results()
    {
        var experiment = new OverheadExperiment();
        var settings = new OverheadSettings(5_000, 100);

        var result = await experiment.RunAsync(fixture.Context, settings, cancellationToken: CancellationToken.None);

        OverheadFigures Figures(OverheadExperiment.Strategy name) => result.Strategies.Single(s => s.Name == name.Name).Figures;
        var costs = result.Costs;
        Assert.Single(result.Strategies.Select(s => s.Figures.ResultsHash).Distinct());
        Assert.Equal(settings.Items, Figures(OverheadExperiment.CallPerItem).GrainCalls);
        Assert.Equal(0, Figures(OverheadExperiment.Inline).GrainCalls);
        Assert.True(Figures(OverheadExperiment.Batched).PerItemMicroseconds < Figures(OverheadExperiment.CallPerItem).PerItemMicroseconds, result.Explanation);
        Assert.True(Figures(OverheadExperiment.Inline).PerItemMicroseconds < Figures(OverheadExperiment.CallPerItem).PerItemMicroseconds, result.Explanation);
        Assert.True(costs.PerCallOverheadMicroseconds > 0, result.Explanation);
        Assert.True(costs.PerTermNanoseconds > 0, result.Explanation);
        Skip.If(Environment.ProcessorCount < 2, "break-even not checked: on one core no call can pay for itself by running beside another");
        Assert.True(costs.BreakEvenWork > settings.Work, $"a tiny task of {settings.Work} terms should be below break-even: {result.Explanation}");
    }

    [Fact]
    public async Task Inline_alone_is_not_judged_and_says_why()
    {
        var result = await new OverheadExperiment().RunAsync(fixture.Context, new OverheadSettings(1_000, 100), [OverheadExperiment.Inline], CancellationToken.None);

        Assert.Equal(VerdictState.NotJudged, result.Verdict.State);
        Assert.False(result.Holds);
        Assert.Contains(OverheadExperiment.CallPerItem.Name, result.Verdict.NotJudgedReason);
    }
}
