using System.CommandLine;
using Concurrency.Abstractions;
using Concurrency.Client.Results;
using Concurrency.Hosting.Cli;

namespace Concurrency.Client.Experiments;

/// <summary>Settings of <see cref="DownloadsExperiment"/>.</summary>
public sealed record DownloadsSettings(int Count, TimeSpan Latency, IReadOnlyList<string> Strategies);

/// <summary>
/// The article's first experiment: three downloads of two seconds each, in threads, take about two seconds, not six.
///
/// In actor terms a download is an awaited wait on a downloader grain. <c>sequential</c> sends the downloads one
/// after another to one downloader, which is the single thread doing one download at a time. <c>concurrent</c>
/// starts them all: the downloads are split into batches, and each downloader starts every download of its batch
/// in one turn and awaits them together. No thread is held while a download waits, so one activation carries
/// thousands of waits, as one asyncio event loop does; the batches spread that bookkeeping over the cores.
/// </summary>
public sealed class DownloadsExperiment : Experiment<DownloadsSettings>
{
    public const string Sequential = "sequential";
    public const string Concurrent = "concurrent";

    /// <summary>The most downloads one downloader starts in one turn; larger runs use more downloaders.</summary>
    public const int BatchSize = 10_000;

    /// <summary>Sequential runs longer than this are refused rather than left to run for hours.</summary>
    public static readonly TimeSpan SequentialBudget = TimeSpan.FromMinutes(10);

    /// <summary>How far above one latency the concurrent run may be and still count as "about one latency".</summary>
    public const double ConcurrentTolerance = 1.5;

    public override string Name => "downloads";

    public override string Claim => "Three downloads of 2 s each, run concurrently, take \"about 2 seconds total, not 6\", because each waits without holding a thread.";

    public override IReadOnlyList<string> Strategies { get; } = [Sequential, Concurrent];

    public override IReadOnlyList<Option> Options { get; } = [ExperimentOptions.Count, ExperimentOptions.Latency, ExperimentOptions.Strategy];

    public override DownloadsSettings Bind(ExperimentArgs args)
    {
        var settings = new DownloadsSettings(
            args.Get(ExperimentOptions.Count, 3),
            args.Get(ExperimentOptions.Latency, TimeSpan.FromSeconds(2), quickDefault: TimeSpan.FromMilliseconds(250)),
            args.StrategiesOf(this));

        var sequentialTime = settings.Latency * settings.Count;
        if (settings.Strategies.Contains(Sequential) && sequentialTime > SequentialBudget)
        {
            throw new UsageException(
                $"--count {settings.Count} with --latency {DurationText.Format(settings.Latency)} makes the sequential strategy take {sequentialTime:g}, over its {SequentialBudget.TotalMinutes:0}-minute budget; add --strategy concurrent to run only the concurrent one.");
        }

        return settings;
    }

    public override async Task<ExperimentResult> RunAsync(ExperimentContext context, DownloadsSettings settings, CancellationToken cancellationToken)
    {
        var keyBase = context.NewGrainKeyBase();
        var strategies = new List<StrategyResult>();
        foreach (var strategy in settings.Strategies)
        {
            strategies.Add(context.Finish(strategy switch
            {
                Sequential => await RunSequentialAsync(context, settings, keyBase, cancellationToken),
                Concurrent => await RunConcurrentAsync(context, settings, keyBase + 1, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(settings), strategy, "unknown strategy"),
            }));
        }

        var (holds, explanation) = Judge(settings, strategies);
        return new ExperimentResult(
            Name,
            Claim,
            new Dictionary<string, object?> { ["count"] = settings.Count, ["latencySeconds"] = settings.Latency.TotalSeconds },
            strategies,
            holds,
            explanation);
    }

    private static async Task<StrategyResult> RunSequentialAsync(ExperimentContext context, DownloadsSettings settings, long key, CancellationToken cancellationToken)
    {
        var downloader = context.Grains.GetGrain<IDownloaderGrain>(key);
        await Warm(downloader, cancellationToken);

        using var progress = context.Progress.Start($"downloads/{Sequential}", settings.Count);
        var (summary, seconds) = await Measure.SecondsAsync(async () =>
        {
            var builder = new DownloadSummaryBuilder();
            for (var i = 0; i < settings.Count; i++)
            {
                builder.Add(await downloader.Download(new DownloadRequest($"site{i}", settings.Latency, 0), cancellationToken));
                progress.Advance();
            }

            return builder.Build();
        });

        return new StrategyResult(Sequential, settings.Count * settings.Latency.TotalSeconds, seconds, Metrics(summary, downloaders: 1, calls: settings.Count));
    }

    private static async Task<StrategyResult> RunConcurrentAsync(ExperimentContext context, DownloadsSettings settings, long keyBase, CancellationToken cancellationToken)
    {
        var batches = Batches(settings).ToList();
        var downloaders = batches.Select((_, i) => context.Grains.GetGrain<IDownloaderGrain>(keyBase + i)).ToList();

        // Activate the downloaders before the clock starts: the claim is about waiting, not about activating grains.
        await Task.WhenAll(downloaders.Select(d => Warm(d, cancellationToken)));

        using var progress = context.Progress.Start($"downloads/{Concurrent}", settings.Count);
        var (summary, seconds) = await Measure.SecondsAsync(async () =>
        {
            var calls = batches.Select(async (batch, i) =>
            {
                var result = await downloaders[i].DownloadAll(batch, cancellationToken);
                progress.Advance(batch.Count);
                return result;
            });

            var summaries = await Task.WhenAll(calls);
            return summaries.Aggregate(DownloadSummary.Empty, (total, next) => total.Add(next));
        });

        return new StrategyResult(Concurrent, settings.Latency.TotalSeconds, seconds, Metrics(summary, downloaders.Count, calls: batches.Count));
    }

    private static IEnumerable<DownloadBatch> Batches(DownloadsSettings settings)
    {
        for (var first = 0; first < settings.Count; first += BatchSize)
        {
            yield return new DownloadBatch("site", first, Math.Min(BatchSize, settings.Count - first), settings.Latency, 0);
        }
    }

    private static async Task Warm(IDownloaderGrain downloader, CancellationToken cancellationToken) =>
        await downloader.DownloadAll(new DownloadBatch("warm-up", 0, 0, TimeSpan.Zero, 0), cancellationToken);

    private static Dictionary<string, object?> Metrics(DownloadSummary summary, int downloaders, int calls) => new()
    {
        ["downloads"] = summary.Requested,
        ["succeeded"] = summary.Succeeded,
        ["failed"] = summary.Failed,
        ["downloaders"] = downloaders,
        ["grainCalls"] = calls,
        ["fastestDownloadSeconds"] = summary.FastestDownload.TotalSeconds,
        ["slowestDownloadSeconds"] = summary.SlowestDownload.TotalSeconds,
        ["failureReasons"] = summary.FailureReasons,
    };

    private static (bool Holds, string Explanation) Judge(DownloadsSettings settings, IReadOnlyList<StrategyResult> strategies)
    {
        var latency = settings.Latency.TotalSeconds;
        var sequential = strategies.FirstOrDefault(s => s.Name == Sequential);
        var concurrent = strategies.FirstOrDefault(s => s.Name == Concurrent);
        var failed = strategies.Sum(s => Convert.ToInt32(s.Metrics?["failed"] ?? 0));

        var checks = new List<(bool Ok, string Text)>();
        if (concurrent is not null)
        {
            var limit = ConcurrentTolerance * latency;
            checks.Add((concurrent.MeasuredSeconds <= limit,
                $"concurrent took {concurrent.MeasuredSeconds:0.###} s for {settings.Count:N0} downloads, against one latency of {latency:0.###} s (allowed up to {ConcurrentTolerance}x: {limit:0.###} s)"));
        }

        if (sequential is not null)
        {
            var floor = 0.95 * settings.Count * latency;
            checks.Add((sequential.MeasuredSeconds >= floor,
                $"sequential took {sequential.MeasuredSeconds:0.###} s, the sum of its {settings.Count:N0} waits ({settings.Count * latency:0.###} s)"));
        }

        checks.Add((failed == 0, failed == 0 ? "every download succeeded" : $"{failed} downloads failed"));

        var holds = checks.All(c => c.Ok);
        var verdict = string.Join("; ", checks.Select(c => c.Text)) + ".";
        const string Why =
            " A downloader awaits its network wait without holding a thread, like a thread that releases the GIL in sleep(). " +
            "Sent one after another to one downloader, the waits add up. Started together in one turn, they overlap, and the " +
            "time is about one latency however many there are: one activation carries them all, as one asyncio event loop does.";
        return (holds, verdict + Why);
    }
}
