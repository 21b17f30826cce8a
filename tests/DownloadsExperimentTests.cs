using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>The downloads experiment through the code path the client uses, on a test cluster, at 200 ms latencies.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Slow")]
public sealed class DownloadsExperimentTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(200);

    [SkippableFact]
    public async Task Concurrent_downloads_take_about_one_latency_and_sequential_ones_add_up()
    {
        var experiment = new DownloadsExperiment();
        var settings = new DownloadsSettings(5, Latency);

        var result = await experiment.RunAsync(fixture.Context, settings, cancellationToken: CancellationToken.None);

        var sequential = result.Strategies.Single(s => s.Name == DownloadsExperiment.Sequential.Name);
        var concurrent = result.Strategies.Single(s => s.Name == DownloadsExperiment.Concurrent.Name);

        // A download never arrives before its latency: that is a bug, not a stall, and fails at once.
        Assert.True(sequential.MeasuredSeconds >= 0.95 * 5 * Latency.TotalSeconds, $"sequential took {sequential.MeasuredSeconds} s");
        Assert.True(concurrent.MeasuredSeconds >= 0.95 * Latency.TotalSeconds, $"concurrent took {concurrent.MeasuredSeconds} s");
        Assert.Equal(5 * Latency.TotalSeconds, sequential.ExpectedSeconds, 6);
        Assert.Equal(Latency.TotalSeconds, concurrent.ExpectedSeconds, 6);
        Assert.Equal(5, concurrent.Figures.Succeeded);
        Assert.Equal(0, concurrent.Figures.Failed);
        Verdicts.AssertHolds(result);
    }

    [SkippableFact]
    public async Task Many_concurrent_downloads_still_take_about_one_latency()
    {
        var experiment = new DownloadsExperiment();
        var count = 3 * DownloadsExperiment.BatchSize + 17;
        var settings = new DownloadsSettings(count, Latency);

        var result = await experiment.RunAsync(fixture.Context, settings, [DownloadsExperiment.Concurrent], CancellationToken.None);

        var concurrent = Assert.Single(result.Strategies);
        var figures = concurrent.Figures;
        Assert.Equal(count, figures.Downloads);
        Assert.Equal(count, figures.Succeeded);
        Assert.Equal(4, figures.GrainCalls);

        // Alone, concurrent is checked against its model, but the claim's contrast with sequential is not judged.
        Assert.NotEqual(Client.Results.VerdictState.Holds, result.Verdict.State);
        Assert.True(concurrent.MeasuredSeconds >= 0.95 * Latency.TotalSeconds, $"{count} downloads took {concurrent.MeasuredSeconds} s, less than their latency");

        // One round: its figure against the model is stated, sampled once, and decides nothing either way.
        Assert.DoesNotContain(result.Verdict.Checks, c => c.Outcome is Client.Results.CheckOutcome.Fail or Client.Results.CheckOutcome.Fault);
    }

    [Fact]
    public void A_sequential_run_that_would_take_hours_is_refused_before_it_starts()
    {
        var error = Assert.Throws<Hosting.UsageException>(() => Client.Cli.RunCommand.Prepare(new DownloadsExperiment(), ["--count", "100000", "--latency", "1s"]));
        Assert.Contains("--strategy concurrent", error.Message);
    }
}
