using System.Diagnostics;
using Concurrency.Abstractions;
using Concurrency.Cli;
using Concurrency.Client.Cluster;
using Concurrency.Client.Results;
using Concurrency.Hosting;

namespace Concurrency.Client.Experiments;

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
public sealed class MixedExperiment : Experiment<MixedSettings, MixedCosts, MixedFigures>
{
    /// <summary>The jobs crunched in the request handler's own turns: they hold its loop, and requests wait behind them.</summary>
    public static readonly Strategy ComputeInHandler = new(
        "compute-in-handler",
        run => StreamAsync(run, handler => job => handler.ComputeHere(run.Settings.Job, run.CancellationToken).AsTask()),
        (settings, shape, costs) => Modelled(settings, shape, costs, inHandler: true));

    /// <summary>The jobs offloaded to the stateless cruncher pool: the handler only awaits them, and stays free for requests.</summary>
    public static readonly Strategy OffloadToWorkers = new("offload-to-workers", OffloadAsync, (settings, shape, costs) => Modelled(settings, shape, costs, inHandler: false));

    /// <summary>"Several-fold": offloading must cut the requests' p99 latency by at least this factor.</summary>
    public const double P99Factor = 3.0;

    /// <summary>The claim is judged only where the model expects a clear cut: at least this factor.</summary>
    public const double ModelledCutNeeded = 5.0;

    /// <summary>Each strategy's p99 must lie within this factor of its model, either way (a p99 of a few hundred requests is a noisy figure).</summary>
    public const double P99Tolerance = 2.0;

    /// <summary>The model holds while jobs hold the loop at most this share of the stream: beyond it, waits pile up.</summary>
    public const double MaxBusy = 0.5;

    public const int MaxRequests = 100_000;

    public const int MaxRate = 1_000;

    /// <summary>How many requests each round of the idle floor sends (at the stream's rate, or 500 a second if faster).</summary>
    public const int IdleRequests = 50;

    /// <summary>The longest request stream accepted: the experiment is about latency, not endurance.</summary>
    public static readonly TimeSpan MaxStream = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The most terms of CPU work the jobs may add up to: about 8 s of the scalar loop on one core, all of it on the
    /// handler in <c>compute-in-handler</c>, so even on a loaded machine no job call waits near the response timeout.
    /// </summary>
    public const long MaxTotalTerms = 5_000_000_000;

    private static readonly Setting<int> RequestsSetting = new(CliOptions.Count("--requests", "How many I/O requests the client sends to the handler.", 1, MaxRequests), 300, quick: 150, why: "enough requests for a stable p99 (the 99th percentile needs a hundred or more)");
    private static readonly Setting<int> Rate = new(CliOptions.Count("--rate", "Requests sent per second, at a steady pace (100 is one every 10 ms).", 1, MaxRate), 100, why: "a request every 10 ms, so a request waits behind a CPU job of tens of milliseconds in the handler");
    private static readonly Setting<TimeSpan> Latency = new(ExperimentOptions.Latency(), TimeSpan.FromMilliseconds(10));
    private static readonly Setting<int> JobsSetting = new(ExperimentOptions.Jobs(), 4, quick: 2, why: "a few CPU jobs, each far longer than a request, so their stall dwarfs the requests' jitter");

    // The jobs' share of the stream (jobs x T1 / stream) must stay well under MaxBusy, where the model stops applying:
    // the quick tour's stream is a third as long, so its jobs are a third as long too.
    private static readonly Setting<long> Terms = new(ExperimentOptions.Terms(), 60_000_000L, quick: 45_000_000L, why: "jobs of tens of milliseconds: long against a 10 ms request, yet together holding the handler well under half the stream");

    public override string Name => "mixed";

    public override string Claim =>
        "A \"server that handles requests and does computation\" keeps them apart: concurrent.futures with a ThreadPoolExecutor for the I/O and a ProcessPoolExecutor for the CPU work. " +
        "Here: requests' p99 latency drops several-fold when the handler offloads its CPU jobs instead of crunching them itself.";

    public override IReadOnlyList<ISetting> Settings => [RequestsSetting, Rate, Latency, JobsSetting, Terms];

    public override IReadOnlyList<string> SoakArguments => ["--requests", "30", "--rate", "200", "--latency", "50ms", "--jobs", "2", "--terms", "2000000"];

    public override IReadOnlyList<Strategy> Strategies { get; } = [ComputeInHandler, OffloadToWorkers];

    protected override IReadOnlyList<Column> Columns =>
    [
        new("p50", o => $"{o.Figures.P50Ms:0.#} ms"),
        new("p99 (model)", o => $"{o.Figures.P99Ms:0.#} ms ({o.Model.P99Ms:0.#})"),
        new("ok", o => $"{o.Figures.Succeeded}/{o.Figures.Requests}"),
    ];

    public override MixedSettings Bind(SettingValues values)
    {
        var settings = new MixedSettings(values.Get(RequestsSetting), values.Get(Rate), values.Get(Latency), values.Get(JobsSetting), values.Get(Terms));
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

    /// <summary>T1 and the local pi, then the idle floor: the same requests on a handler that has no job to do.</summary>
    protected override async Task<MixedCosts> MeasureCostsAsync(ExperimentContext context, MixedSettings settings, CancellationToken cancellationToken)
    {
        var pi = await PiCosts.MeasureWithFreeCoresAsync(settings.Job, cancellationToken);
        var handler = context.Grains.GetGrain<IRequestHandlerGrain>(GrainKeys.NewBase());
        await handler.Serve(Request(settings, -1), cancellationToken);

        // A warm-up round (the paced path's first use compiles code), then three rounds: the floor is the median
        // round's, so one round that met a collection or a neighbour's burst does not raise the model for both strategies.
        var rounds = new List<(double P50, double P99)>();
        for (var round = 0; round < 4; round++)
        {
            var started = Stopwatch.GetTimestamp();
            var idle = await Paced.RunAsync(IdleRequests, started, i => TimeSpan.FromSeconds((double)i / Math.Max(settings.Rate, 500)), i => Paced.TimedAsync(() => handler.Serve(Request(settings, i), cancellationToken)), cancellationToken);
            var sorted = idle.Select(r => r.Milliseconds).Order().ToList();
            if (round > 0)
            {
                rounds.Add((Latencies.Percentile(sorted, 0.50), Latencies.Percentile(sorted, 0.99)));
            }
        }

        return new MixedCosts(pi.T1Seconds, pi.LocalPi, rounds.Select(r => r.P50).Order().ElementAt(1), rounds.Select(r => r.P99).Order().ElementAt(1), pi.FreeCores);
    }

    /// <summary>The stream offloaded, with the cores' worth the machine gave straight after it (<see cref="PiCosts.FreeCoresAfterAsync"/>).</summary>
    private static async Task<Measured<MixedFigures>> OffloadAsync(StrategyRun<MixedSettings, MixedCosts> run)
    {
        var measured = await StreamAsync(run, handler => j => handler.Offload(run.Settings.Job, j, run.CancellationToken).AsTask());
        return measured with { Figures = measured.Figures with { FreeCores = await PiCosts.FreeCoresAfterAsync(run.Shape, run.Settings.Job, run.Costs.T1Seconds, run.CancellationToken) } };
    }

    /// <summary>
    /// The whole strategy's time, and its requests' p50 and p99.
    ///
    /// Time: the stream's last request is sent at (requests - 1) / rate and takes one latency; job j arrives at its due
    /// time and takes T1 once a cruncher is free. The handler is one cruncher; offloaded, the jobs go to cores - 1
    /// pool keys of the silo (at least one), job j on key j mod keys.
    ///
    /// Latency: a request needs the handler's loop twice, when it arrives and when its download answers. Crunched in
    /// the handler, the jobs hold the loop for a share f = jobs x T1 / stream of the time, one chunk (C, at most T1)
    /// per turn, so at each visit a request finds a chunk running with chance f and waits for the rest of it, uniform
    /// over [0, C]. The p-th percentile is the idle one plus the p-th percentile of the two visits' waits together.
    /// Offloaded, the loop is never held by a job: both percentiles are the idle ones.
    /// </summary>
    private static Expectation Modelled(MixedSettings settings, ClusterShape shape, MixedCosts costs, bool inHandler)
    {
        var crunchers = inHandler ? 1 : CruncherPool.KeysBesideLoop(shape.CoresOfOneSilo);
        var laneFree = new double[crunchers];
        for (var j = 0; j < settings.Jobs; j++)
        {
            laneFree[j % crunchers] = Math.Max(settings.JobDue(j).TotalSeconds, laneFree[j % crunchers]) + costs.T1Seconds;
        }

        var lastRequest = settings.RequestDue(settings.Requests - 1).TotalSeconds + settings.Latency.TotalSeconds;
        var seconds = Math.Max(lastRequest, laneFree.Max());
        if (!inHandler)
        {
            return new Expectation(seconds, costs.IdleP50Ms, costs.IdleP99Ms);
        }

        var chunkMs = 1e3 * costs.T1Seconds * Math.Min(settings.ChunkTerms, settings.Terms) / settings.Terms;
        var busy = Busy(settings, costs);
        return new Expectation(seconds, costs.IdleP50Ms + TwoVisitWait(0.50, busy, chunkMs), costs.IdleP99Ms + TwoVisitWait(0.99, busy, chunkMs));
    }

    /// <summary>The share of the stream during which the jobs hold the handler's loop, when they crunch there.</summary>
    public static double Busy(MixedSettings settings, MixedCosts costs) =>
        Math.Min(1, settings.Jobs * costs.T1Seconds / settings.Stream.TotalSeconds);

    /// <summary>
    /// The <paramref name="p"/>-th percentile of W1 + W2, where each visit's wait Wi is 0 with chance 1 - f and
    /// uniform over [0, C] with chance f: found by bisection on the exact tail P(W1 + W2 > x).
    /// </summary>
    public static double TwoVisitWait(double p, double f, double chunk)
    {
        double Tail(double x)
        {
            var one = Math.Max(0, 1 - (x / chunk));
            var both = x <= chunk ? 1 - (x * x / (2 * chunk * chunk)) : Math.Max(0, 2 * chunk - x) * Math.Max(0, 2 * chunk - x) / (2 * chunk * chunk);
            return (2 * f * (1 - f) * one) + (f * f * both);
        }

        if (chunk <= 0 || Tail(0) <= 1 - p)
        {
            return 0;
        }

        var (low, high) = (0.0, 2 * chunk);
        for (var i = 0; i < 60; i++)
        {
            var mid = (low + high) / 2;
            (low, high) = Tail(mid) > 1 - p ? (mid, high) : (low, mid);
        }

        return (low + high) / 2;
    }

    protected override void Judge(Judgement judgement, MixedSettings settings, ClusterShape shape, MixedCosts costs, IReadOnlyList<Outcome<MixedFigures>> outcomes)
    {
        judgement.Exact(
            "pi from every job of every strategy",
            outcomes.All(o => o.Figures.SameAsLocalRun),
            outcomes.All(o => o.Figures.SameAsLocalRun) ? $"{costs.LocalPi:0.###############}" : string.Join(", ", outcomes.Where(o => !o.Figures.SameAsLocalRun).Select(o => $"{o.Name} {o.Figures.Result:R}")),
            "the local run's value to the last bit");
        judgement.Exact(
            "requests that succeeded",
            outcomes.All(o => o.Figures.Succeeded == settings.Requests),
            string.Join(", ", outcomes.Select(o => $"{o.Name} {o.Figures.Succeeded}")),
            $"all {settings.Requests} in every strategy");

        var inHandler = outcomes.Of(ComputeInHandler);
        var offload = outcomes.Of(OffloadToWorkers);
        if (inHandler is null || offload is null)
        {
            judgement.NotJudged($"the claim compares {ComputeInHandler} with {OffloadToWorkers}, and only {(outcomes.Count > 0 ? outcomes[0].Name : "neither")} ran");
            return;
        }

        // Offloading moves the jobs off the handler's activation onto other cores; with no core to spare they crunch
        // beside the requests anyway, and the tail cannot drop. The cores are the offload round's own where it took
        // them (a reading at the start, while the start-up still used a core, would not judge a quiet machine).
        // A round short of cores is no sample of the tails; the other rounds still decide them.
        if ((offload.Figures.FreeCores ?? costs.FreeCores) is { } free && free < CpuExperiment.MinFreeCores)
        {
            var reason = $"the machine gave {Judgement.F(free)} cores' worth of crunching when measured: offloaded jobs then crunch on the requests' core, so offloading cannot shorten their wait here";
            foreach (var figure in outcomes.Select(o => P99Figure(o.Name)).Append(P99Cut))
            {
                judgement.Unread(figure, reason);
            }

            return;
        }

        var busy = Busy(settings, costs);
        if (busy > MaxBusy)
        {
            judgement.NotJudged(
                $"the jobs would hold the handler's loop {busy:0%} of the stream (T1 = {costs.T1Seconds:0.###} s): requests then queue behind several chunks at once, which the model does not cover (it applies up to {MaxBusy:0%}); a loaded machine makes T1 long");
            return;
        }

        foreach (var o in outcomes)
        {
            judgement.WithinFactor(P99Figure(o.Name), o.Figures.P99Ms, o.Model.P99Ms!.Value, P99Tolerance, " ms");
        }

        var modelled = inHandler.Model.P99Ms!.Value / offload.Model.P99Ms!.Value;
        if (modelled < ModelledCutNeeded)
        {
            judgement.NotJudged(
                $"at these sizes the model expects offloading to cut p99 only {modelled:0.#}x (the jobs hold the loop {Math.Min(1, settings.Jobs * costs.T1Seconds / settings.Stream.TotalSeconds):0%} of the stream), under the {ModelledCutNeeded}x where several-fold can be judged apart from noise");
            return;
        }

        judgement.AtLeast(P99Cut, inHandler.Figures.P99Ms / offload.Figures.P99Ms, modelled, P99Factor, $"several-fold: pass if >= {P99Factor}x", "x");
    }

    private const string P99Cut = "p99 cut by offloading";

    private static string P99Figure(string strategy) => $"{strategy} p99";

    protected override string Why(MixedSettings settings, ClusterShape shape, MixedCosts costs) =>
        $"T1 = {costs.T1Seconds:0.###} s is one job of {settings.Terms:N0} terms crunched here in the caller; an idle handler answers in {costs.IdleP50Ms:0.#} ms (p99 {costs.IdleP99Ms:0.#} ms). " +
        "One activation is one event loop: reentrant, so a request awaiting its download lets the next one in, but turns run one at a time and a turn is never interrupted. " +
        "Crunched in the handler, a job holds the loop for a whole chunk, so every request arriving meanwhile waits for it (CPU work on asyncio's loop, or threads behind the GIL): the median barely moves, the tail grows by up to a chunk. " +
        $"Offloaded, the job runs on the [StatelessWorker] pool, at most {CruncherPool.KeysBesideLoop(shape.CoresOfOneSilo)} at a time (cores - 1, so a thread is left for the loop), and the handler only awaits it, as it awaits I/O.";

    /// <summary>
    /// The request stream and the jobs, paced on one handler. A request reads and a job is a pure sum, so every call
    /// goes through the resend path keyed (requests 0, jobs 1, warm-up 2; its number): should the silo holding the
    /// handler die, the calls it held are sent again and Orleans activates the handler anew on a live silo. The race
    /// costs microseconds a call, far under the milliseconds a request's wait behind a chunk is judged in.
    /// </summary>
    private static async Task<Measured<MixedFigures>> StreamAsync(StrategyRun<MixedSettings, MixedCosts> run, Func<IRequestHandlerGrain, Func<int, Task<double>>> jobsOn)
    {
        var (settings, token) = (run.Settings, run.CancellationToken);
        var handler = run.Grains.GetGrain<IRequestHandlerGrain>(run.KeyBase);
        var units = await run.ResendingAsync();
        ValueTask<DownloadResult> Serve(WorkKey key, int i) => new(units.ResendAsync(key, handler, (h, t) => h.Serve(Request(settings, i), t).AsTask(), token));
        ValueTask<double> Job(WorkKey key, Func<IRequestHandlerGrain, Task<double>> job) => new(units.ResendAsync(key, handler, (h, _) => job(h), token));

        // Activate the handler and the pool, and run every path once, before the clock starts: the claim is about
        // queueing behind CPU work, not about activating grains or compiling code on first use.
        var tiny = new PiJob(2, PiKernel.Scalar, 1);
        var keys = CruncherPool.KeysBesideLoop(run.Shape.CoresOfOneSilo);
        await Serve(new WorkKey(2, 0), -1);
        await Job(new WorkKey(2, 1), h => h.ComputeHere(tiny, token).AsTask());
        await Task.WhenAll(Enumerable.Range(0, keys).Select(key => Job(new WorkKey(2, 2 + key), h => h.Offload(tiny, key, token).AsTask()).AsTask()));

        using var progress = run.Progress(settings.Requests + settings.Jobs);
        var started = Stopwatch.GetTimestamp();
        var stream = Paced.RunAsync(settings.Requests, started, settings.RequestDue, i => Tick(Paced.TimedAsync(() => Serve(new WorkKey(0, i), i))), token);
        var jobs = Paced.RunAsync(settings.Jobs, started, settings.JobDue, j => Tick(Paced.TimedAsync(() => Job(new WorkKey(1, j), h => jobsOn(h)(j)))), token);
        var (requests, results) = (await stream, await jobs);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var latencies = requests.Select(r => r.Milliseconds).Order().ToList();
        return new Measured<MixedFigures>(seconds, new MixedFigures(
            Math.Round(Latencies.Percentile(latencies, 0.50), 2),
            Math.Round(Latencies.Percentile(latencies, 0.99), 2),
            Math.Round(latencies[^1], 2),
            latencies.Count,
            requests.Count(r => r.Value.Succeeded),
            results[0].Value,
            results.All(r => r.Value.Equals(run.Costs.LocalPi)),
            results.Length,
            results.Average(r => r.Milliseconds) / 1e3,
            results.Max(r => r.Milliseconds) / 1e3));

        async Task<T> Tick<T>(Task<T> call)
        {
            var value = await call;
            progress.Advance();
            return value;
        }
    }

    private static DownloadRequest Request(MixedSettings settings, int i) => new($"request{i}", settings.Latency, 0);
}
