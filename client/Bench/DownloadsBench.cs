using Concurrency.Client.Experiments;
using Concurrency.Client.Results;

namespace Concurrency.Client.Bench;

/// <summary>
/// The concurrent downloads at scale, through the downloads experiment itself: wall time and the process's peak
/// memory while the downloads are in flight.
/// </summary>
public sealed class DownloadsBench : IBench
{
    public string Name => "downloads";

    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var figures = new List<BenchFigure>();
        var latency = context.Quick ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1);
        (int Count, double Seconds, double MegaBytes)[] rows = context.Quick
            ? [(1_000, 1.15, 250), (10_000, 2.0, 500)]
            : [(100_000, 1.15, 250), (1_000_000, 2.0, 500)];

        foreach (var (count, secondsTarget, megaBytesTarget) in rows)
        {
            PeakMemory.Reset();
            var experiment = new DownloadsExperiment();
            var result = await experiment.RunAsync(
                new ExperimentContext(context.Grains, ClusterInfo.Local(), context.Progress),
                new DownloadsSettings(count, latency),
                [DownloadsExperiment.Concurrent],
                cancellationToken);
            var concurrent = result.Strategies.Single();
            var downloads = concurrent.Figures;
            var peak = PeakMemory.MegaBytes();
            var method = $"downloads concurrent, {count:N0} x {latency.TotalSeconds:0.###} s simulated, embedded silo";
            var details = new DownloadDetails(downloads.Succeeded, downloads.Failed);
            figures.Add(new BenchFigure($"downloads-{count}-wall", concurrent.MeasuredSeconds, "s", secondsTarget, TargetDirection.AtMost, method, details));
            figures.Add(new BenchFigure($"downloads-{count}-peak-memory", peak, "MB", megaBytesTarget, TargetDirection.AtMost,
                method + (PeakMemory.CanReset ? ", peak RSS (VmHWM reset before the run)" : ", peak working set of the process")));
        }

        return figures;
    }
}
