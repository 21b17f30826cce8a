using Concurrency.Client.Experiments;
using Concurrency.Client.Output;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// One silo of three is stopped gracefully (as a deployment or a scale-down does) while a downloads run is in flight.
/// A graceful stop deactivates its grains only once their running calls have answered, and sends calls that arrive
/// after that to the silos that stay; so the run completes with every download, and none is sent twice.
/// </summary>
[Collection(ThreeSiloCollection.Name)]
[Trait("Category", "Slow")]
public sealed class GracefulStopTests(ThreeSiloFixture fixture) : IAsyncLifetime
{
    /// <summary>Twelve batches of 10,000 over three silos: the stopped silo holds some of them.</summary>
    private const int Downloads = 12 * DownloadsExperiment.BatchSize;

    public Task InitializeAsync() => fixture.RestoreAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_silo_stopped_gracefully_mid_run_lets_every_download_finish()
    {
        var started = new StrategyStarted(new("downloads", DownloadsExperiment.Concurrent.Name));
        var settings = new DownloadsSettings(Downloads, TimeSpan.FromSeconds(3));

        var run = new DownloadsExperiment().RunAsync(fixture.Context(progress: started), settings, [DownloadsExperiment.Concurrent], CancellationToken.None);
        await started.Seen.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // The downloaders are active by now (they are warmed before the clock starts): stop the silo that holds the
        // most of them. Any silo may go: the test cluster keeps its membership table in the test process, not on a
        // silo, and placement (resource-optimized) may well have put them all on one.
        var statistics = await fixture.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var downloadersOn = statistics.Where(s => s.GrainId.Type.ToString() == "downloader").CountBy(s => s.SiloAddress).ToDictionary();
        var victim = fixture.Cluster.Silos.MaxBy(s => downloadersOn.GetValueOrDefault(s.SiloAddress))!;
        Assert.True(downloadersOn.GetValueOrDefault(victim.SiloAddress) > 0, "no downloader is active on any silo");
        await fixture.Cluster.StopSiloAsync(victim);

        var result = await run.WaitAsync(TimeSpan.FromSeconds(60));

        var concurrent = Assert.Single(result.Strategies);
        var figures = concurrent.Figures;
        Assert.Equal(Downloads, figures.Downloads);
        Assert.Equal(Downloads, figures.Succeeded);
        Assert.Equal(0, figures.Failed);
    }

    /// <summary>Completes <see cref="Seen"/> when the strategy named <paramref name="label"/> starts its clock.</summary>
    private sealed class StrategyStarted(ProgressLabel label) : IProgressSink
    {
        public TaskCompletionSource Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IProgressTask Start(ProgressLabel started, long total)
        {
            if (started == label)
            {
                Seen.TrySetResult();
            }

            return NullProgress.Instance;
        }
    }
}
