using System.CommandLine;
using System.Diagnostics;
using Concurrency.Abstractions;
using Concurrency.Client.Results;
using Concurrency.Hosting.Cli;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Settings of <see cref="MixedExperiment"/>: <paramref name="Requests"/> I/O requests sent at <paramref name="Rate"/>
/// a second, each a download of <paramref name="Latency"/>, while <paramref name="Jobs"/> pi jobs of
/// <paramref name="Terms"/> terms arrive evenly through the stream. <paramref name="ChunkTerms"/> is the most terms one
/// turn crunches.
/// </summary>
public sealed record MixedSettings(
    int Requests, int Rate, TimeSpan Latency, int Jobs, long Terms, IReadOnlyList<string> Strategies, long ChunkTerms = PiJob.DefaultChunkTerms)
{
    /// <summary>How long the client keeps sending requests.</summary>
    public TimeSpan Stream => TimeSpan.FromSeconds((double)Requests / Rate);

    /// <summary>When request i is sent, after the stream starts.</summary>
    public TimeSpan RequestDue(int i) => TimeSpan.FromSeconds((double)i / Rate);

    /// <summary>When job j arrives: the jobs are spread evenly, each in the middle of its share of the stream.</summary>
    public TimeSpan JobDue(int j) => Stream * ((j + 0.5) / Jobs);
}

/// <summary>
/// The article's mixed workload: a "server that handles requests and does computation" uses a thread pool for the I/O
/// and a process pool for the CPU work, so neither gets in the other's way.
///
/// One request-handler grain is the server, and its activation is the event loop: reentrant, so every request that
/// awaits its download lets the next one in. The client sends it a steady, open-loop stream of small I/O requests and
/// times each one end to end, while CPU jobs arrive through the stream. <c>compute-in-handler</c> crunches the jobs in
/// the handler's own turns: a turn is never interrupted, so every request that arrives during a chunk waits for it,
/// as coroutines wait for CPU work on asyncio's loop or threads for the GIL. <c>offload-to-workers</c> forwards the
/// jobs to the stateless cruncher pool, the ProcessPoolExecutor: the handler only awaits the workers, as it awaits a
/// download, and stays free for requests. The median hardly changes (most requests never meet a job); the tail does.
/// </summary>
public sealed class MixedExperiment : LegacyExperiment<MixedSettings>
{
    public const string ComputeInHandler = "compute-in-handler";
    public const string OffloadToWorkers = "offload-to-workers";

    /// <summary>"Several-fold": offloading must cut the requests' p99 latency by at least this factor.</summary>
    public const double P99Factor = 3.0;

    public const int MaxRequests = 100_000;

    public const int MaxRate = 1_000;

    /// <summary>The longest request stream accepted: the experiment is about latency, not endurance.</summary>
    public static readonly TimeSpan MaxStream = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The most terms of CPU work the jobs may add up to: about 8 s of the scalar loop on one core, all of it on the
    /// handler in <c>compute-in-handler</c>, so even on a loaded machine no job call waits near the response timeout.
    /// </summary>
    public const long MaxTotalTerms = 5_000_000_000;

    public static Option<int?> RequestsOption { get; } = CliOptions.Count("--requests", "How many I/O requests the client sends to the handler.", 1, MaxRequests);

    public static Option<int?> RateOption { get; } = CliOptions.Count("--rate", "Requests sent per second, at a steady pace (100 is one every 10 ms).", 1, MaxRate);

    public override string Name => "mixed";

    public override string Claim =>
        "A \"server that handles requests and does computation\" keeps them apart: concurrent.futures with a ThreadPoolExecutor for the I/O and a ProcessPoolExecutor for the CPU work. " +
        "Here: requests' p99 latency drops several-fold when the handler offloads its CPU jobs instead of crunching them itself.";

    public override IReadOnlyList<string> Strategies { get; } = [ComputeInHandler, OffloadToWorkers];

    public override IReadOnlyList<Option> Options { get; } =
        [RequestsOption, RateOption, LegacyOptions.Latency, LegacyOptions.Jobs, LegacyOptions.Terms, LegacyOptions.Strategy];

    public override MixedSettings Bind(ExperimentArgs args)
    {
        var settings = new MixedSettings(
            args.Get(RequestsOption, 300, quickDefault: 100),
            args.Get(RateOption, 100),
            args.Get(LegacyOptions.Latency, TimeSpan.FromMilliseconds(10)),
            args.Get(LegacyOptions.Jobs, 4, quickDefault: 2),
            args.Get(LegacyOptions.Terms, 30_000_000L),
            args.StrategiesOf(this));

        if (settings.Stream > MaxStream)
        {
            throw new UsageException(
                $"--requests {settings.Requests:N0} at --rate {settings.Rate} a second is a stream of {DurationText.Format(settings.Stream)}, over the {DurationText.Format(MaxStream)} allowed; send fewer requests or send them faster.");
        }

        if ((double)settings.Jobs * settings.Terms > MaxTotalTerms)
        {
            throw new UsageException(
                $"--jobs {settings.Jobs} of --terms {settings.Terms:N0} is {(double)settings.Jobs * settings.Terms:N0} terms of CPU work, over the {MaxTotalTerms:N0} the handler may be asked to crunch in {ComputeInHandler} (its job calls would near the response timeout); give fewer or smaller jobs.");
        }

        return settings;
    }

    public override async Task<ExperimentResult> RunAsync(ExperimentContext context, MixedSettings settings, CancellationToken cancellationToken)
    {
        var job = new PiJob(settings.Terms, PiKernel.Scalar, settings.ChunkTerms);

        // T1: one job crunched here in the caller with the very chunks the grains get, before any grain runs; the
        // faster of two runs, so the start-up of the process (the JIT, an embedded silo) is not counted as crunching.
        Task<double> RunLocally() => job.RunAsync((chunk, _) => ValueTask.FromResult(LeibnizKernel.Sum(chunk)), cancellationToken: cancellationToken);
        var (reference, t1) = await Measure.SecondsAsync(RunLocally);
        t1 = Math.Min(t1, (await Measure.SecondsAsync(RunLocally)).Seconds);

        var keyBase = GrainKeys.NewBase();
        var cores = context.Cluster.ProcessorCount;
        return await RunStrategiesAsync(
            context,
            settings.Strategies,
            new Dictionary<string, object?>
            {
                ["requests"] = settings.Requests,
                ["ratePerSecond"] = settings.Rate,
                ["latencySeconds"] = settings.Latency.TotalSeconds,
                ["streamSeconds"] = settings.Stream.TotalSeconds,
                ["jobs"] = settings.Jobs,
                ["terms"] = settings.Terms,
                ["chunkTerms"] = settings.ChunkTerms,
                ["chunksPerJob"] = job.ChunkCount,
                ["t1Seconds"] = t1,
                ["processorCount"] = cores,
            },
            strategy =>
            {
                var handler = context.Grains.GetGrain<IRequestHandlerGrain>(keyBase + (strategy == ComputeInHandler ? 0 : 1));
                Func<int, Task<double>> compute = strategy switch
                {
                    ComputeInHandler => j => handler.ComputeHere(job, cancellationToken).AsTask(),
                    OffloadToWorkers => j => handler.Offload(job, j, cancellationToken).AsTask(),
                    _ => throw new ArgumentOutOfRangeException(nameof(settings), strategy, "unknown strategy"),
                };
                var expected = ExpectedSeconds(settings, t1, strategy == ComputeInHandler ? 1 : CruncherPool.LanesBesideLoop(cores));
                return RunStrategyAsync(context, strategy, settings, handler, compute, expected, reference, cancellationToken);
            },
            strategies => Judge(settings, t1, reference, strategies),
            cancellationToken);
    }

    /// <summary>
    /// The time model of the whole strategy: the stream's last request is sent at (requests - 1) / rate and takes one
    /// latency; job j arrives at its due time and takes T1 once a cruncher is free. The handler is one cruncher, so its
    /// jobs queue one after another; the handler offloads to cores - 1 lanes (at least one), job j on lane j mod lanes. The strategy ends when
    /// both the stream and the last job are done. (It leaves out what a request waits behind a job: that wait is the
    /// measurement, reported as latency, and shifts the end by at most one job.)
    /// </summary>
    private static double ExpectedSeconds(MixedSettings settings, double t1, int crunchers)
    {
        var laneFree = new double[crunchers];
        for (var j = 0; j < settings.Jobs; j++)
        {
            var lane = j % crunchers;
            laneFree[lane] = Math.Max(settings.JobDue(j).TotalSeconds, laneFree[lane]) + t1;
        }

        var lastRequest = settings.RequestDue(settings.Requests - 1).TotalSeconds + settings.Latency.TotalSeconds;
        return Math.Max(lastRequest, laneFree.Max());
    }

    private async Task<StrategyResult> RunStrategyAsync(
        ExperimentContext context,
        string strategy,
        MixedSettings settings,
        IRequestHandlerGrain handler,
        Func<int, Task<double>> compute,
        double expected,
        double reference,
        CancellationToken cancellationToken)
    {
        // Activate the handler and the pool, and run every path once, before the clock starts: the claim is about
        // queueing behind CPU work, not about activating grains or compiling code on first use.
        var tiny = new PiJob(2, PiKernel.Scalar, 1);
        await handler.Serve(Request(settings, -1), cancellationToken);
        await handler.ComputeHere(tiny, cancellationToken);
        await Task.WhenAll(Enumerable.Range(0, CruncherPool.LanesBesideLoop(context.Cluster.ProcessorCount)).Select(lane => handler.Offload(tiny, lane, cancellationToken).AsTask()));

        using var progress = context.Progress.Start($"{Name}/{strategy}", settings.Requests + settings.Jobs);
        var started = Stopwatch.GetTimestamp();
        var stream = Paced.RunAsync(settings.Requests, started, settings.RequestDue, i => Tick(Paced.TimedAsync(() => handler.Serve(Request(settings, i), cancellationToken))), cancellationToken);
        var jobs = Paced.RunAsync(settings.Jobs, started, settings.JobDue, j => Tick(Paced.TimedAsync(() => new ValueTask<double>(compute(j)))), cancellationToken);
        var (requests, results) = (await stream, await jobs);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var latencies = requests.Select(r => r.Milliseconds).Order().ToList();
        var metrics = new Dictionary<string, object?>
        {
            ["p50Ms"] = Math.Round(Latencies.Percentile(latencies, 0.50), 2),
            ["p99Ms"] = Math.Round(Latencies.Percentile(latencies, 0.99), 2),
            ["maxMs"] = Math.Round(latencies[^1], 2),
            ["requests"] = latencies.Count,
            ["succeeded"] = requests.Count(r => r.Value.Succeeded),
            ["result"] = (decimal)results[0].Value,
            ["sameAsLocalRun"] = results.All(r => r.Value.Equals(reference)),
            ["jobs"] = results.Length,
            ["meanJobSeconds"] = results.Average(r => r.Milliseconds) / 1e3,
            ["longestJobSeconds"] = results.Max(r => r.Milliseconds) / 1e3,
        };
        return LegacyResults.Strategy(strategy, expected, seconds, metrics);

        async Task<T> Tick<T>(Task<T> call)
        {
            var value = await call;
            progress.Advance();
            return value;
        }
    }

    private static DownloadRequest Request(MixedSettings settings, int i) => new($"request{i}", settings.Latency, 0);

    private static (bool Holds, string Explanation) Judge(MixedSettings settings, double t1, double reference, IReadOnlyList<StrategyResult> strategies)
    {
        var verdict = new LegacyVerdict()
            .Check(strategies.All(s => s.Legacy()?["sameAsLocalRun"] is true),
                $"every strategy returned pi = {reference:0.###############} for all {settings.Jobs} jobs, the local run's value to the last bit")
            .Check(strategies.All(s => Equals(s.Legacy()?["succeeded"], settings.Requests)),
                $"every one of the {settings.Requests} requests ({DurationText.Format(settings.Latency)} downloads, {settings.Rate} a second) succeeded in every strategy");

        var inHandler = strategies.FirstOrDefault(s => s.Name == ComputeInHandler);
        var offload = strategies.FirstOrDefault(s => s.Name == OffloadToWorkers);
        foreach (var s in strategies)
        {
            verdict.Note($"{s.Name}: p50 {s.Legacy()!["p50Ms"]} ms, p99 {s.Legacy()!["p99Ms"]} ms, max {s.Legacy()!["maxMs"]} ms, jobs {Convert.ToDouble(s.Legacy()!["meanJobSeconds"]):0.###} s on average");
        }

        if (inHandler is not null && offload is not null)
        {
            var (slow, fast) = (Convert.ToDouble(inHandler.Legacy()!["p99Ms"]), Convert.ToDouble(offload.Legacy()!["p99Ms"]));
            var factor = slow / fast;
            verdict.Check(factor >= P99Factor,
                $"offloading cut p99 from {slow:0.#} ms to {fast:0.#} ms, {factor:0.#}x (several-fold: at least {P99Factor}x required)");
        }

        return verdict.Explain(
            $"T1 = {t1:0.###} s is one job of {settings.Terms:N0} terms crunched here in the caller. One activation is one event loop: reentrant, " +
            "so a request awaiting its download lets the next one in, but turns still run one at a time and a turn is never interrupted. " +
            $"Crunched in the handler, a job holds the loop for a whole chunk (up to {settings.ChunkTerms:N0} terms, at most T1 here), so every request " +
            "arriving meanwhile waits for it: CPU work on asyncio's loop, or threads behind the GIL. The median barely moves, because most requests never " +
            "meet a job; the tail grows by up to a chunk. Offloaded, the job runs on the [StatelessWorker] cruncher pool, at most cores - 1 jobs at a time so a pool thread is always left for the loop: " +
            "ProcessPoolExecutor(max_workers = cores - 1). The handler only awaits it, as it awaits I/O, and keeps serving; requests wait for their download and little else.");
    }
}
