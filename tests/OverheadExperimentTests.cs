using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>The overhead experiment at 5,000 tiny tasks of 100 terms.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OverheadExperimentTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Batching_tiny_tasks_costs_less_per_item_than_one_call_each_and_computes_the_same_results()
    {
        var experiment = new OverheadExperiment();
        var settings = new OverheadSettings(5_000, 100, experiment.Strategies);

        var result = await experiment.RunAsync(fixture.Context, settings, CancellationToken.None);

        double PerItem(string name) => (double)result.Strategies.Single(s => s.Name == name).Legacy()!["perItemMicroseconds"]!;
        Assert.All(result.Strategies, s => Assert.Equal(true, s.Legacy()!["identical"]));
        Assert.True(PerItem(OverheadExperiment.Batched) < PerItem(OverheadExperiment.CallPerItem), result.Explanation);
        Assert.True(PerItem(OverheadExperiment.Inline) < PerItem(OverheadExperiment.CallPerItem), result.Explanation);
        Assert.True((double)((LegacySettings)result.Parameters!).Values["perCallOverheadMicroseconds"]! > 0, result.Explanation);
        if (Environment.ProcessorCount > 1)
        {
            Assert.True((long)((LegacySettings)result.Parameters!).Values["breakEvenWork"]! > settings.Work, $"a tiny task of {settings.Work} terms should be below break-even: {result.Explanation}");
        }
    }
}
