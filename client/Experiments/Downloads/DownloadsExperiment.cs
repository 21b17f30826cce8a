using Concurrency.Abstractions;
using Concurrency.Client.Cluster;
using Concurrency.Client.Python;
using Concurrency.Client.Results;
using Concurrency.Hosting;

namespace Concurrency.Client.Experiments;

/// <summary>
/// The article's first experiment: three downloads of two seconds each, in threads, take about two seconds, not six.
///
/// In actor terms a download is an awaited wait on a downloader grain. <c>sequential</c> sends the downloads one
/// after another to one downloader, which is the single thread doing one download at a time. <c>concurrent</c>
/// starts them all: the downloads are split into batches, and each downloader starts every download of its batch
/// in one turn and awaits them together. No thread is held while a download waits, so one activation carries
/// thousands of waits, as one asyncio event loop does; the batches spread that bookkeeping over the cores.
/// </summary>
public sealed class DownloadsExperiment : Experiment<DownloadsSettings, NoCosts, DownloadsFigures>
{
    /// <summary>One download after another: the waits add up.</summary>
    public static readonly Strategy Sequential = new("sequential", SequentialAsync, (settings, _, _) => new(settings.Count * settings.Latency.TotalSeconds));

    /// <summary>
    /// Every download waiting at once: about one latency however many there are and however many cores the silos
    /// have, since a wait holds no thread.
    /// </summary>
    public static readonly Strategy Concurrent = new("concurrent", ConcurrentAsync, (settings, _, _) => new(settings.Latency.TotalSeconds));

    /// <summary>The most downloads one downloader starts in one turn; larger runs use more downloaders.</summary>
    public const int BatchSize = 10_000;

    /// <summary>
    /// Over HTTP a download's start is real work (a request built, a pipeline entered, a connection asked for), done in
    /// the downloader's turn on one thread; smaller batches spread that work over the cores.
    /// </summary>
    public const int HttpBatchSize = 125;

    /// <summary>Sequential runs longer than this are refused rather than left to run for hours.</summary>
    public static readonly TimeSpan SequentialBudget = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How far above its model (one latency) the concurrent run may be and still count as "about one latency": a
    /// million simulated downloads add a few hundred milliseconds of bookkeeping to a one-second wait (BENCHMARKS.md).
    /// </summary>
    public const double ConcurrentTolerance = 1.5;

    /// <summary>
    /// How close to its model (the sum of the waits) the sequential run must come: no wait ends before its latency,
    /// so only the timer's grain can take it below; less would mean the downloads overlapped.
    /// </summary>
    public const double SequentialFloor = 0.95;

    public const int DefaultBytes = 16 * 1024;

    public const int DefaultRetries = 3;

    public const int DefaultSeed = 1;

    /// <summary>
    /// The most downloads one HTTP run makes. Each in flight holds a socket at both ends and a local port; past the
    /// connection pool's size they queue for a connection, and the queueing counts against their per-try timeout.
    /// </summary>
    public const int MaxHttpCount = 10_000;

    private static readonly TimeSpan DefaultLatency = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan QuickLatency = TimeSpan.FromMilliseconds(250);

    private static readonly Setting<int> Count = new(ExperimentOptions.Count(), 3, why: "a few downloads, as in the article; each waits a whole latency, so the concurrent gain is a multiple of the noise");
    private static readonly Setting<TimeSpan> Latency = new(ExperimentOptions.Latency(), DefaultLatency, quick: QuickLatency, why: "a latency hundreds of times a call's cost, so waiting is what the strategies differ in");
    private static readonly WordSetting Source = new(ExperimentOptions.Source(), DownloadSources.Simulated);
    private static readonly Setting<int> Bytes = new(ExperimentOptions.Bytes(), DefaultBytes);
    private static readonly Setting<double> FailRate = new(ExperimentOptions.FailRate(), 0);
    private static readonly Setting<double> HangRate = new(ExperimentOptions.HangRate(), 0);
    private static readonly Setting<double> SlowRate = new(ExperimentOptions.SlowRate(), 0);
    private static readonly Setting<TimeSpan> Timeout = new(ExperimentOptions.Timeout(), DefaultTimeout(DefaultLatency), quick: DefaultTimeout(QuickLatency));
    private static readonly Setting<int> Retries = new(ExperimentOptions.Retries(), DefaultRetries);
    private static readonly Setting<int> Seed = new(ExperimentOptions.Seed(), DefaultSeed);

    /// <summary>Options that mean something only when the downloads go over HTTP.</summary>
    private static readonly IReadOnlyList<ISetting> HttpOnly = [FailRate, HangRate, SlowRate, Timeout, Retries, Seed];

    public override string Name => "downloads";

    public override string Claim => "Three downloads of 2 s each, run concurrently, take \"about 2 seconds total, not 6\", because each waits without holding a thread.";

    public override IReadOnlyList<ISetting> Settings => [Count, Latency, Source, Bytes, FailRate, HangRate, SlowRate, Timeout, Retries, Seed];

    public override IReadOnlyList<string> SoakArguments => ["--count", "20", "--latency", "50ms"];

    public override IReadOnlyList<Strategy> Strategies { get; } = [Sequential, Concurrent];

    protected override IReadOnlyList<Column> Columns =>
    [
        new("succeeded", o => $"{o.Figures.Succeeded:N0}/{o.Figures.Downloads:N0}"),
        new("failed", o => $"{o.Figures.Failed:N0}"),
        new("retries", o => $"{o.Figures.Retries:N0}"),
    ];

    /// <summary>The per-try timeout when none is given: room for the latency twice over, and a second for the sockets.</summary>
    public static TimeSpan DefaultTimeout(TimeSpan latency) => 2 * latency + TimeSpan.FromSeconds(1);

    public override DownloadsSettings Bind(SettingValues values)
    {
        var (count, latency) = (values.Get(Count), values.Get(Latency));
        var settings = new DownloadsSettings(count, latency, values.Get(Bytes), BindHttp(values, count, latency));

        var sequentialTime = latency * count;
        if (values.Runs(Sequential) && sequentialTime > SequentialBudget)
        {
            throw new UsageException(
                $"--count {count} with --latency {DurationText.Format(latency)} makes the sequential strategy take {sequentialTime:g}, over its {SequentialBudget.TotalMinutes:0}-minute budget; add --strategy concurrent to run only the concurrent one.");
        }

        return settings;
    }

    private static HttpFetch? BindHttp(SettingValues values, int count, TimeSpan latency)
    {
        if (values.Get(Source) != DownloadSources.Http)
        {
            if (HttpOnly.FirstOrDefault(values.Has) is { } given)
            {
                throw new UsageException($"{given.Option.Name} applies only to downloads over HTTP: add --source {DownloadSources.Http} (the source is {DownloadSources.Simulated}).");
            }

            return null;
        }

        if (count > MaxHttpCount)
        {
            throw new UsageException($"--count {count} with --source {DownloadSources.Http}: allowed up to {MaxHttpCount:N0} downloads over HTTP, as each holds a socket (see docs/http.md, connection limits); the simulated source takes up to {ExperimentOptions.MaxCount:N0}.");
        }

        var (fail, hang, slow) = (values.Get(FailRate), values.Get(HangRate), values.Get(SlowRate));
        if (fail + hang + slow > 1)
        {
            throw new UsageException($"--fail-rate {fail}, --hang-rate {hang} and --slow-rate {slow} add up to {fail + hang + slow:0.###}: they share one answer, so together they may be at most 1.");
        }

        // The per-try timeout follows the latency the user gave, unless a timeout was given too. The sites address
        // is not known until the client is connected: each strategy takes it from its run's context.
        var timeout = values.Has(Timeout) ? values.Get(Timeout) : DefaultTimeout(latency);
        return new HttpFetch(SitesBase: null, timeout, values.Get(Retries), fail, hang, slow, values.Get(Seed));
    }

    protected override Task<NoCosts> MeasureCostsAsync(ExperimentContext context, DownloadsSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult(NoCosts.Instance);

    /// <summary>
    /// One downloader, one download after another: the single thread that waits for each in turn. A download reads,
    /// so a second read costs time, not truth: each is keyed and goes through the resend path, and one lost with a
    /// dead silo is read again and counted once.
    /// </summary>
    private static async Task<Measured<DownloadsFigures>> SequentialAsync(StrategyRun<DownloadsSettings, NoCosts> run)
    {
        var (settings, http) = (run.Settings, HttpOf(run));
        var downloader = run.Grains.GetGrain<IDownloaderGrain>(run.KeyBase);
        await Warm(downloader, http, requests: 1, run.CancellationToken);
        var units = await run.ResendingAsync();

        using var progress = run.Progress(settings.Count);
        var (summary, seconds) = await Measure.SecondsAsync(async () =>
        {
            var builder = new DownloadSummaryBuilder();
            for (var i = 0; i < settings.Count; i++)
            {
                var request = new DownloadRequest($"site{i}", settings.Latency, settings.Bytes, http);
                builder.Add(await units.ResendAsync(new WorkKey(0, i), downloader, (grain, token) => grain.Download(request, token).AsTask(), run.CancellationToken));
                progress.Advance();
            }

            return builder.Build();
        });

        return new Measured<DownloadsFigures>(seconds, DownloadsFigures.Of(summary, downloaders: 1, calls: settings.Count, http));
    }

    /// <summary>
    /// Every download at once: one call per batch, each to its own downloader, which starts its whole batch in one
    /// turn and awaits the waits together. Each batch is keyed and resent whole if a silo dies under it, and counted once.
    /// </summary>
    private static async Task<Measured<DownloadsFigures>> ConcurrentAsync(StrategyRun<DownloadsSettings, NoCosts> run)
    {
        var http = HttpOf(run);
        var batches = Batches(run.Settings, http).ToList();
        var downloaders = batches.Select((_, i) => run.Grains.GetGrain<IDownloaderGrain>(run.KeyBase + i)).ToList();

        // Activate the downloaders before the clock starts: the claim is about waiting, not about activating grains.
        await Task.WhenAll(downloaders.Select((d, i) => Warm(d, http, batches[i].Count, run.CancellationToken)));
        var units = await run.ResendingAsync();

        using var progress = run.Progress(run.Settings.Count);
        var (summary, seconds) = await Measure.SecondsAsync(async () =>
        {
            var calls = batches.Select(async (batch, i) =>
            {
                var result = await units.ResendAsync(new WorkKey(i, 0), downloaders[i], (grain, token) => grain.DownloadAll(batch, token).AsTask(), run.CancellationToken);
                progress.Advance(batch.Count);
                return result;
            });

            var summaries = await Task.WhenAll(calls);
            return summaries.Aggregate(DownloadSummary.Empty, (total, next) => total.Add(next));
        });

        return new Measured<DownloadsFigures>(seconds, DownloadsFigures.Of(summary, downloaders.Count, calls: batches.Count, http));
    }

    protected override void Judge(Judgement judgement, DownloadsSettings settings, ClusterShape shape, NoCosts costs, IReadOnlyList<Outcome<DownloadsFigures>> outcomes)
    {
        if (settings.FaultsInjected)
        {
            // With failures injected the claim under test is the accounting: every download ends one way or the other.
            foreach (var o in outcomes)
            {
                var f = o.Figures;
                judgement.Exact(
                    $"{o.Name}: downloads accounted for",
                    f.AccountedFor(settings.Count),
                    $"{f.Succeeded + f.Failed:N0} of {f.Downloads:N0} ({f.Succeeded:N0} succeeded, {f.Failed:N0} failed, {f.Retries:N0} retries)",
                    $"all {settings.Count:N0}, each succeeded or failed");
                if (f.Failed > 0)
                {
                    judgement.Note($"{o.Name} failures: {string.Join(", ", f.FailureReasons.Select(r => $"{r.Value} {r.Key}"))}");
                }
            }

            judgement.NotJudged("failures were injected, so time is not judged: retries add their backoff and timeouts to it");
            return;
        }

        foreach (var o in outcomes)
        {
            judgement.Exact($"{o.Name}: downloads that succeeded", o.Figures.Downloads == settings.Count && o.Figures.Succeeded == settings.Count, $"{o.Figures.Succeeded:N0} of {o.Figures.Downloads:N0}", $"all {settings.Count:N0}");
        }

        var sequential = outcomes.Of(Sequential);
        if (sequential is not null)
        {
            var floor = SequentialFloor * sequential.Model.Seconds;
            judgement.AtLeast($"{Sequential} seconds", sequential.Seconds, sequential.Model.Seconds, floor, $"pass if >= {SequentialFloor} x model = {Judgement.F(floor)} s (the waits add up)", " s");
        }

        var concurrent = outcomes.Of(Concurrent);
        if (concurrent is not null)
        {
            var limit = ConcurrentTolerance * concurrent.Model.Seconds;
            judgement.AtMost($"{Concurrent} seconds", concurrent.Seconds, concurrent.Model.Seconds, limit, $"pass if <= {ConcurrentTolerance} x model = {Judgement.F(limit)} s (about one latency)", " s");
        }

        if (sequential is null || concurrent is null)
        {
            judgement.NotJudged($"the claim contrasts {Sequential} with {Concurrent}, and only {(sequential ?? concurrent)?.Name ?? "neither"} ran");
        }
        else if (settings.Count == 1)
        {
            judgement.NotJudged("one download has nothing to overlap: both strategies make the same single wait");
        }
    }

    /// <summary>The article's Python for the same claim, run beside it with <c>--python</c>.</summary>
    public override PythonTwin? Twin(DownloadsSettings settings) => PythonTwins.Downloads(settings.Count, settings.Latency);

    protected override string Why(DownloadsSettings settings, ClusterShape shape, NoCosts costs) =>
        "A downloader awaits its network wait without holding a thread, like a thread that releases the GIL in sleep(). " +
        "Sent one after another to one downloader, the waits add up. Started together in one turn, they overlap, and the " +
        "time is about one latency however many there are: one activation carries them all, as one asyncio event loop does." +
        (settings.FaultsInjected
            ? " Each failed try is retried with exponential backoff and jitter up to --retries times; a download that still fails is counted with its reason, and the others go on."
            : "");

    /// <summary>The run's HTTP settings with the sites address of the silo it runs against, or null for simulated downloads.</summary>
    private static HttpFetch? HttpOf(StrategyRun<DownloadsSettings, NoCosts> run) => run.Settings.Http is { } http
        ? http with { SitesBase = run.Context.SitesBase ?? throw new InvalidOperationException("the silo serves no sites endpoint, so downloads cannot go over HTTP") }
        : null;

    private static IEnumerable<DownloadBatch> Batches(DownloadsSettings settings, HttpFetch? http)
    {
        var size = http is null ? BatchSize : HttpBatchSize;
        for (var first = 0; first < settings.Count; first += size)
        {
            yield return new DownloadBatch("site", first, Math.Min(size, settings.Count - first), settings.Latency, settings.Bytes, http);
        }
    }

    /// <summary>
    /// Activates a downloader before the clock starts. Over HTTP it also makes as many well-behaved requests at once
    /// as it will make measured ones: the HTTP stack and the sites endpoint are compiled and the connections are open
    /// in the pool, as they are in a downloader that has been running a while. The clock then measures the waiting,
    /// which is the article's claim, not a thousand TCP handshakes (BENCHMARKS.md gives both figures).
    /// </summary>
    private static async Task Warm(IDownloaderGrain downloader, HttpFetch? http, int requests, CancellationToken cancellationToken)
    {
        var warm = http is not null
            ? new DownloadBatch("warm-up", 0, requests, TimeSpan.Zero, 0, http with { FailRate = 0, HangRate = 0, SlowRate = 0, Timeout = TimeSpan.FromSeconds(30) })
            : new DownloadBatch("warm-up", 0, 0, TimeSpan.Zero, 0);
        await downloader.DownloadAll(warm, cancellationToken);
    }
}
