using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// The free-threading experiment through the client's code path, scaled down: 4 jobs of 2,000,001 terms in chunks of
/// 1,000,000, and 4 workers of 20,000 increments each. No timing is asserted here (the speedups are cpu's claim, and the
/// model tests cover the judge); the counter is a fact.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FreeThreadingExperimentTests(ClusterFixture fixture)
{
    [SkippableFact]
    public async Task Free_threads_lose_counter_updates_that_turns_and_stateless_workers_never_lose()
    {
        var settings = new FreeThreadingSettings(4, 2_000_001, 20_000, ChunkTerms: 1_000_000);

        var result = await new FreeThreadingExperiment().RunAsync(fixture.Context, settings, cancellationToken: CancellationToken.None);

        var figures = result.Strategies.ToDictionary(s => s.Name, s => s.Figures);
        Assert.Equal([FreeThreadingExperiment.OneActivation.Name, FreeThreadingExperiment.FreeThreads.Name, FreeThreadingExperiment.StatelessWorkers.Name], figures.Keys);
        Assert.All(figures.Values, f => Assert.True(f.SameAsLocalRun, $"{f}"));
        Assert.All(figures.Values, f => Assert.Equal(80_000, f.Increments));
        Assert.Equal(0, figures[FreeThreadingExperiment.OneActivation.Name].LostUpdates);
        Assert.Equal(80_000, figures[FreeThreadingExperiment.OneActivation.Name].Counted);
        Assert.Equal(0, figures[FreeThreadingExperiment.StatelessWorkers.Name].LostUpdates);
        var free = figures[FreeThreadingExperiment.FreeThreads.Name];
        Assert.Equal(free.Increments - free.Counted, free.LostUpdates);
        Skip.If(Environment.ProcessorCount < 2, "lost updates not checked: one core, so the free threads cannot run at once");

        Assert.True(free.LostUpdates > 0, $"4 free threads on {Environment.ProcessorCount} cores lost no update: {free}");
        Assert.Contains(result.Verdict.Checks, c => c.Figure == $"{FreeThreadingExperiment.FreeThreads} lost updates" && c.Passed);
    }

    [Fact]
    public void Jobs_too_big_for_one_free_threaded_call_are_refused()
    {
        var error = Assert.Throws<Hosting.UsageException>(() => Client.Cli.RunCommand.Prepare(new FreeThreadingExperiment(), ["--jobs", "64", "--terms", "100000000"]));

        Assert.Contains("--jobs 64", error.Message);
    }
}
