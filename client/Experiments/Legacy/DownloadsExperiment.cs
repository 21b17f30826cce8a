using System.CommandLine;
using Concurrency.Abstractions;
using Concurrency.Client.Results;
using Concurrency.Hosting.Cli;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Settings of <see cref="DownloadsExperiment"/>. With <paramref name="Http"/> the downloads go over real HTTP to the
/// silo's sites endpoint (its address is filled in at run time); without it they wait on the simulated network.
/// </summary>
public sealed record DownloadsSettings(int Count, TimeSpan Latency, IReadOnlyList<string> Strategies, int Bytes = 0, HttpFetch? Http = null);

/// <summary>
/// The article's first experiment: three downloads of two seconds each, in threads, take about two seconds, not six.
///
/// In actor terms a download is an awaited wait on a downloader grain. <c>sequential</c> sends the downloads one
/// after another to one downloader, which is the single thread doing one download at a time. <c>concurrent</c>
/// starts them all: the downloads are split into batches, and each downloader starts every download of its batch
/// in one turn and awaits them together. No thread is held while a download waits, so one activation carries
/// thousands of waits, as one asyncio event loop does; the batches spread that bookkeeping over the cores.
/// </summary>
public sealed class DownloadsExperiment : LegacyExperiment<DownloadsSettings>
{
    public const string Sequential = "sequential";
    public const string Concurrent = "concurrent";

    /// <summary>The most downloads one downloader starts in one turn; larger runs use more downloaders.</summary>
    public const int BatchSize = 10_000;

    /// <summary>
    /// Over HTTP a download's start is real work (a request built, a pipeline entered, a connection asked for), done in
    /// the downloader's turn on one thread; smaller batches spread that work over the cores.
    /// </summary>
    public const int HttpBatchSize = 125;

    /// <summary>Sequential runs longer than this are refused rather than left to run for hours.</summary>
    public static readonly TimeSpan SequentialBudget = TimeSpan.FromMinutes(10);

    /// <summary>How far above one latency the concurrent run may be and still count as "about one latency".</summary>
    public const double ConcurrentTolerance = 1.5;

    public override string Name => "downloads";

    public override string Claim => "Three downloads of 2 s each, run concurrently, take \"about 2 seconds total, not 6\", because each waits without holding a thread.";

    public override IReadOnlyList<string> Strategies { get; } = [Sequential, Concurrent];

    public const int DefaultBytes = 16 * 1024;

    public const int DefaultRetries = 3;

    public const int DefaultSeed = 1;

    public override IReadOnlyList<Option> Options { get; } =
    [
        LegacyOptions.Count, LegacyOptions.Latency, LegacyOptions.Strategy, LegacyOptions.Source, LegacyOptions.Bytes,
        LegacyOptions.FailRate, LegacyOptions.HangRate, LegacyOptions.SlowRate, LegacyOptions.Timeout, LegacyOptions.Retries, LegacyOptions.Seed,
    ];

    /// <summary>Options that mean something only when the downloads go over HTTP.</summary>
    private static IReadOnlyList<Option> HttpOnlyOptions { get; } =
        [LegacyOptions.FailRate, LegacyOptions.HangRate, LegacyOptions.SlowRate, LegacyOptions.Timeout, LegacyOptions.Retries, LegacyOptions.Seed];

    /// <summary>
    /// The most downloads one HTTP run makes. Each in flight holds a socket at both ends and a local port; past the
    /// connection pool's size they queue for a connection, and the queueing counts against their per-try timeout.
    /// </summary>
    public const int MaxHttpCount = 10_000;

    /// <summary>The per-try timeout when none is given: room for the latency twice over, and a second for the sockets.</summary>
    public static TimeSpan DefaultTimeout(TimeSpan latency) => 2 * latency + TimeSpan.FromSeconds(1);

    public override DownloadsSettings Bind(ExperimentArgs args)
    {
        var latency = args.Get(LegacyOptions.Latency, TimeSpan.FromSeconds(2), quickDefault: TimeSpan.FromMilliseconds(250));
        var settings = new DownloadsSettings(
            args.Get(LegacyOptions.Count, 3),
            latency,
            args.StrategiesOf(this),
            args.Get(LegacyOptions.Bytes, DefaultBytes),
            BindHttp(args, latency));

        var sequentialTime = settings.Latency * settings.Count;
        if (settings.Strategies.Contains(Sequential) && sequentialTime > SequentialBudget)
        {
            throw new UsageException(
                $"--count {settings.Count} with --latency {DurationText.Format(settings.Latency)} makes the sequential strategy take {sequentialTime:g}, over its {SequentialBudget.TotalMinutes:0}-minute budget; add --strategy concurrent to run only the concurrent one.");
        }

        return settings;
    }

    private static HttpFetch? BindHttp(ExperimentArgs args, TimeSpan latency)
    {
        if (args.Get(LegacyOptions.Source, DownloadSources.Simulated) != DownloadSources.Http)
        {
            if (HttpOnlyOptions.FirstOrDefault(args.Has) is { } given)
            {
                throw new UsageException($"{given.Name} applies only to downloads over HTTP: add --source {DownloadSources.Http} (the source is {DownloadSources.Simulated}).");
            }

            return null;
        }

        var count = args.Get(LegacyOptions.Count, 3);
        if (count > MaxHttpCount)
        {
            throw new UsageException($"--count {count} with --source {DownloadSources.Http}: allowed up to {MaxHttpCount:N0} downloads over HTTP, as each holds a socket (see the README's connection limits); the simulated source takes up to {ExperimentOptions.MaxCount:N0}.");
        }

        var fail = args.Get(LegacyOptions.FailRate, 0.0);
        var hang = args.Get(LegacyOptions.HangRate, 0.0);
        var slow = args.Get(LegacyOptions.SlowRate, 0.0);
        if (fail + hang + slow > 1)
        {
            throw new UsageException($"--fail-rate {fail}, --hang-rate {hang} and --slow-rate {slow} add up to {fail + hang + slow:0.###}: they share one answer, so together they may be at most 1.");
        }

        // The sites address is not known until the client is connected: the run fills it in.
        return new HttpFetch(
            SitesBase: null,
            args.Get(LegacyOptions.Timeout, DefaultTimeout(latency)),
            args.Get(LegacyOptions.Retries, DefaultRetries),
            fail,
            hang,
            slow,
            args.Get(LegacyOptions.Seed, DefaultSeed));
    }

    public override async Task<ExperimentResult> RunAsync(ExperimentContext context, DownloadsSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Http is { } http)
        {
            var sites = context.SitesBase ?? throw new InvalidOperationException("the silo serves no sites endpoint, so downloads cannot go over HTTP");
            settings = settings with { Http = http with { SitesBase = sites } };
        }

        var keyBase = GrainKeys.NewBase();
        var strategies = new List<StrategyResult>();
        foreach (var strategy in settings.Strategies)
        {
            strategies.Add(context.Finish(strategy switch
            {
                Sequential => await RunSequentialAsync(context, settings, keyBase, cancellationToken),
                Concurrent => await RunConcurrentAsync(context, settings, keyBase + 1, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(settings), strategy, "unknown strategy"),
            }, cancellationToken));
        }

        var (holds, explanation) = Judge(settings, strategies);
        return LegacyResults.Experiment(
            Name,
            Claim,
            Parameters(settings),
            strategies,
            holds,
            explanation);
    }

    private static async Task<StrategyResult> RunSequentialAsync(ExperimentContext context, DownloadsSettings settings, long key, CancellationToken cancellationToken)
    {
        var downloader = context.Grains.GetGrain<IDownloaderGrain>(key);
        await Warm(downloader, settings, requests: 1, cancellationToken);

        using var progress = context.Progress.Start($"downloads/{Sequential}", settings.Count);
        var (summary, seconds) = await Measure.SecondsAsync(async () =>
        {
            var builder = new DownloadSummaryBuilder();
            for (var i = 0; i < settings.Count; i++)
            {
                builder.Add(await downloader.Download(new DownloadRequest($"site{i}", settings.Latency, settings.Bytes, settings.Http), cancellationToken));
                progress.Advance();
            }

            return builder.Build();
        });

        return LegacyResults.Strategy(Sequential, settings.Count * settings.Latency.TotalSeconds, seconds, Metrics(summary, downloaders: 1, calls: settings.Count));
    }

    private static async Task<StrategyResult> RunConcurrentAsync(ExperimentContext context, DownloadsSettings settings, long keyBase, CancellationToken cancellationToken)
    {
        var batches = Batches(settings).ToList();
        var downloaders = batches.Select((_, i) => context.Grains.GetGrain<IDownloaderGrain>(keyBase + i)).ToList();

        // Activate the downloaders before the clock starts: the claim is about waiting, not about activating grains.
        await Task.WhenAll(downloaders.Select((d, i) => Warm(d, settings, batches[i].Count, cancellationToken)));

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

        return LegacyResults.Strategy(Concurrent, settings.Latency.TotalSeconds, seconds, Metrics(summary, downloaders.Count, calls: batches.Count));
    }

    private static IEnumerable<DownloadBatch> Batches(DownloadsSettings settings)
    {
        var size = settings.Http is null ? BatchSize : HttpBatchSize;
        for (var first = 0; first < settings.Count; first += size)
        {
            yield return new DownloadBatch("site", first, Math.Min(size, settings.Count - first), settings.Latency, settings.Bytes, settings.Http);
        }
    }

    /// <summary>
    /// Activates a downloader before the clock starts. Over HTTP it also makes as many well-behaved requests at once
    /// as it will make measured ones: the HTTP stack and the sites endpoint are compiled and the connections are open
    /// in the pool, as they are in a downloader that has been running a while. The clock then measures the waiting,
    /// which is the article's claim, not a thousand TCP handshakes (BENCHMARKS.md gives both figures).
    /// </summary>
    private static async Task Warm(IDownloaderGrain downloader, DownloadsSettings settings, int requests, CancellationToken cancellationToken)
    {
        var warm = settings.Http is { } http
            ? new DownloadBatch("warm-up", 0, requests, TimeSpan.Zero, 0, http with { FailRate = 0, HangRate = 0, SlowRate = 0, Timeout = TimeSpan.FromSeconds(30) })
            : new DownloadBatch("warm-up", 0, 0, TimeSpan.Zero, 0);
        await downloader.DownloadAll(warm, cancellationToken);
    }

    private static Dictionary<string, object?> Parameters(DownloadsSettings settings)
    {
        var parameters = new Dictionary<string, object?>
        {
            ["count"] = settings.Count,
            ["latencySeconds"] = settings.Latency.TotalSeconds,
            ["source"] = settings.Http is null ? DownloadSources.Simulated : DownloadSources.Http,
            ["bytes"] = settings.Bytes,
        };
        if (settings.Http is { } http)
        {
            parameters["sites"] = http.SitesBase?.ToString();
            parameters["timeoutSeconds"] = http.Timeout.TotalSeconds;
            parameters["retries"] = http.Retries;
            parameters["failRate"] = http.FailRate;
            parameters["hangRate"] = http.HangRate;
            parameters["slowRate"] = http.SlowRate;
            parameters["seed"] = http.Seed;
        }

        return parameters;
    }

    private static Dictionary<string, object?> Metrics(DownloadSummary summary, int downloaders, int calls) => new()
    {
        ["downloads"] = summary.Requested,
        ["succeeded"] = summary.Succeeded,
        ["failed"] = summary.Failed,
        ["attempts"] = summary.Attempts,
        ["retries"] = summary.Retries,
        ["bytes"] = summary.Bytes,
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
        var failed = strategies.Sum(s => Convert.ToInt32(s.Legacy()?["failed"] ?? 0));

        var checks = new List<(bool Ok, string Text)>();
        if (settings.Http is { FailRate: > 0 } or { HangRate: > 0 } or { SlowRate: > 0 })
        {
            // With failures injected the claim under test is the accounting: every download ends one way or the other.
            foreach (var strategy in strategies)
            {
                var downloads = Convert.ToInt64(strategy.Legacy()?["downloads"] ?? 0);
                var ended = Convert.ToInt64(strategy.Legacy()?["succeeded"] ?? 0) + Convert.ToInt64(strategy.Legacy()?["failed"] ?? 0);
                checks.Add((downloads == settings.Count && ended == downloads,
                    $"{strategy.Name}: {ended:N0} of {settings.Count:N0} downloads accounted for ({strategy.Legacy()?["succeeded"]} succeeded, {strategy.Legacy()?["failed"]} failed, {strategy.Legacy()?["retries"]} retries)"));
            }

            return (checks.All(c => c.Ok), string.Join("; ", checks.Select(c => c.Text)) + "." +
                " Time is not judged: failures were injected, and retries add their backoff and timeouts to it. Each failed try is retried" +
                " with exponential backoff and jitter up to --retries times; a download that still fails is counted with its reason, and the others go on.");
        }

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
