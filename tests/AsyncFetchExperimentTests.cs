using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>The async-fetch experiment through the code path the client uses, on a test cluster, at 200 ms latencies.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Slow")]
public sealed class AsyncFetchExperimentTests(ClusterFixture fixture)
{
    private const int Count = 5;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(200);

    [SkippableFact]
    public async Task Gather_and_reentrant_calls_overlap_while_separate_calls_to_an_ordinary_grain_queue()
    {
        var experiment = new AsyncFetchExperiment();

        var result = await experiment.RunAsync(fixture.Context, new AsyncFetchSettings(Count, Latency), cancellationToken: CancellationToken.None);

        var byName = result.Strategies.ToDictionary(s => s.Name);
        var separate = byName[AsyncFetchExperiment.SeparateCalls.Name].MeasuredSeconds;

        // Waits that end early are a bug, not a stall: they fail at once.
        Assert.True(separate >= 0.9 * Count * Latency.TotalSeconds, $"separate-calls took {separate} s, less than {Count} waits of {Latency}");
        foreach (var overlapping in new[] { AsyncFetchExperiment.Gather.Name, AsyncFetchExperiment.Reentrant.Name })
        {
            Assert.True(byName[overlapping].MeasuredSeconds >= 0.95 * Latency.TotalSeconds, $"{overlapping} finished in {byName[overlapping].MeasuredSeconds} s, before one latency");
            Assert.Equal(Latency.TotalSeconds, byName[overlapping].ExpectedSeconds, 6);
        }

        Assert.Equal(Count * Latency.TotalSeconds, byName[AsyncFetchExperiment.SeparateCalls.Name].ExpectedSeconds, 6);
        Assert.All(result.Strategies, s => Assert.Equal(Count, s.Figures.Succeeded));
        Assert.Equal(1, byName[AsyncFetchExperiment.Gather.Name].Figures.GrainCalls);
        Assert.Equal(Count, byName[AsyncFetchExperiment.Reentrant.Name].Figures.GrainCalls);

        Verdicts.AssertHolds(result);
    }

    [Theory]
    [InlineData(new[] { "async-fetch", "--count", "40", "--latency", "1s" }, "--strategy gather,reentrant")]
    [InlineData(new[] { "async-fetch", "--count", "20000", "--latency", "10ms" }, "--strategy gather")]
    public void Runs_whose_calls_would_outlive_the_response_timeout_are_refused_before_they_start(string[] args, string mentioned)
    {
        // Every strategy is chosen (no --strategy): the refusal names the strategies that would fit.
        var error = Assert.Throws<Hosting.UsageException>(() => Client.Cli.RunCommand.Prepare(new AsyncFetchExperiment(), args[1..]));
        Assert.Contains(mentioned, error.Message);
    }

    [Fact]
    public void A_latency_past_the_response_timeout_is_refused_by_the_option_itself()
    {
        var parse = Client.Cli.RunCommand.Create().Parse(["async-fetch", "--latency", "1m", "--strategy", "gather"]);

        var error = Assert.Single(parse.Errors);
        Assert.Contains("--latency", error.Message);
        Assert.Contains("response timeout", error.Message);
    }
}
