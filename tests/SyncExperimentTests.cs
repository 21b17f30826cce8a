using Concurrency.Client.Experiments;
using Concurrency.Client.Results;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>The sync experiment on the test cluster: real files written, read three ways, and deleted.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SyncExperimentTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Every_strategy_reads_every_byte_and_the_files_are_gone_afterwards()
    {
        var experiment = new SyncExperiment();
        var settings = new SyncSettings(Files: 3, FileBytes: 4096, Rounds: 20);
        var before = Folders();

        var result = await experiment.RunAsync(fixture.Context, settings, cancellationToken: CancellationToken.None);

        Assert.Equal([SyncExperiment.SyncLoop.Name, SyncExperiment.AsyncParallel.Name, SyncExperiment.GrainPerFile.Name], result.Strategies.Select(s => s.Name));
        Assert.All(result.Strategies, s =>
        {
            var figures = s.Figures;
            Assert.True(figures.EveryByteRead);
            Assert.Equal(3 * 4096, figures.BytesPerRound);
            Assert.True(s.MeasuredSeconds > 0);
            Assert.Equal(s.MeasuredSeconds, figures.BestRoundSeconds);
        });
        var costs = result.Costs;
        Assert.Equal(12, costs.FitFiles);
        Assert.True(costs.Sync.PerFileSeconds > 0, "reading a file takes time");
        Assert.Contains(result.Verdict.Checks, c => c.Figure == "bytes read a round" && c.Passed);

        // The experiment deletes what it wrote.
        Assert.Empty(Folders().Except(before));
    }

    [Fact]
    public async Task A_concurrent_path_with_a_finite_break_even_is_read_both_ways_either_side_of_it()
    {
        var experiment = new SyncExperiment();
        var settings = new SyncSettings(Files: 2, FileBytes: 256 << 10, Rounds: 10);

        var result = await experiment.RunAsync(fixture.Context, settings, [SyncExperiment.SyncLoop, SyncExperiment.AsyncParallel], CancellationToken.None);

        var path = result.Strategies.Single(s => s.Name == SyncExperiment.AsyncParallel.Name).Figures;
        var costs = result.Costs;
        Assert.Equal(costs.AsyncBreakEvenFiles, path.BreakEvenFiles);
        if (path.BreakEvenFiles is { } breakEven)
        {
            Assert.NotNull(path.AboveBreakEven);
            Assert.Equal((int)Math.Ceiling(Math.Max(1, breakEven) * SyncExperiment.Span), path.AboveBreakEven.Files);
            Assert.True(path.AboveBreakEven.SyncSeconds > 0 && path.AboveBreakEven.PathSeconds > 0);
        }
        else
        {
            Assert.Null(path.AboveBreakEven);
        }
    }

    private static HashSet<string> Folders() =>
        [.. Directory.GetDirectories(Path.GetTempPath(), "concurrency-lab-sync-*")];
}
