using Concurrency.Abstractions;
using Concurrency.Client.Cluster;
using Concurrency.Client.Python;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// The article's CPU experiment: four pi jobs in threads run at the speed of one (the GIL); in a process pool they
/// use every core.
///
/// In actor terms the GIL is an ordinary activation: it runs one turn at a time, so N jobs sent to one number
/// cruncher take N times one job. A stateless worker pool is multiprocessing: the silo runs up to one activation per
/// core. Every job is cut into chunks, one turn each, sent one after another per job.
/// </summary>
public sealed class CpuExperiment : Experiment<CpuSettings, PiCosts, CpuFigures>
{
    /// <summary>
    /// An ordinary grain: every job's chunks queue on one activation, which runs one turn at a time (the GIL), so the
    /// jobs add up.
    /// </summary>
    public static readonly Strategy SingleGrain = new("single-grain", SingleGrainAsync, (settings, _, costs) => new(settings.Jobs * costs.T1Seconds));

    /// <summary>
    /// A [StatelessWorker] pool on one silo: as many jobs at once as the silo has cores, and no more than the machine
    /// gives (a neighbour's work, a quota); a job's chunks run one after another, so a job never uses more than one.
    /// </summary>
    public static readonly Strategy StatelessWorkers = new("stateless-workers", StatelessWorkersAsync, (settings, shape, costs) =>
        new(costs.T1Seconds * Math.Max(1, settings.Jobs / Free(shape, costs, shape.CoresOfOneSilo))));

    /// <summary>
    /// Every silo, job j on silo j mod silos: the busiest silo has ceil(jobs / silos) jobs for its own cores, and all
    /// the silos together cannot use more cores than their machines have.
    /// </summary>
    public static readonly Strategy ClusterWide = new("cluster", ClusterAsync, (settings, shape, costs) =>
        new(costs.T1Seconds * Math.Max(1, Math.Max(Math.Ceiling((double)settings.Jobs / shape.Silos) / Free(shape, costs, shape.CoresOfOneSilo), settings.Jobs / Free(shape, costs, shape.UsableCores)))));

    /// <summary>A pool must reach this share of its modelled speedup over one grain.</summary>
    public const double SpeedupTolerance = 0.8;

    /// <summary>One grain may be at most this much faster than its model (jobs one after another): more would mean its turns overlapped.</summary>
    public const double SerialSlack = 1.3;

    /// <summary>
    /// Below this many cores' worth free (a neighbour busy on one core of two reads 1.0-1.25), a pool's gain is within
    /// the noise of one grain's, so the claim is not judged rather than judged on a machine that cannot show it. Not
    /// higher: a round's own reading on a quiet two-core machine dips to about 1.5 now and then, and one round under
    /// the bar leaves the whole claim not judged; above it, the intervals decide how much gain the cores allow.
    /// </summary>
    public const double MinFreeCores = 1.3;

    private static readonly Setting<int> Jobs = new(ExperimentOptions.Jobs(), 4, why: "a job for each of a few cores, so the pool's speedup shows on 2 or more cores");
    private static readonly Setting<long> Terms = new(ExperimentOptions.Terms(), 100_000_000L, quick: 80_000_000L, why: "jobs of hundreds of milliseconds, so the per-call and per-chunk costs are a small fraction and the speedup stands clear of the noise; at the article's 1,000,000 terms a call's cost is a visible share of a job, the article's warning about tiny tasks");
    private static readonly Setting<PiKernel> Kernel = new(ExperimentOptions.Kernel(), PiKernel.Scalar);

    /// <summary>
    /// Up to eight rounds, not five: a pool's bound sits a fifth under its model, and a machine shared with the
    /// client's own runtime (and any neighbour) moves a pool's round more than one grain's, so five rounds' interval
    /// often straddles the bound on a quiet machine. A round costs a few jobs' time, and the rounds stop as soon as
    /// every check is decided.
    /// </summary>
    protected override Sampling Sampling => PoolSampling;

    /// <summary>The rounds a pool's speedup is sampled for, here and in free-threading.</summary>
    internal static Sampling PoolSampling { get; } = new(MinRounds: 2, MaxRounds: 8);

    /// <summary>The median round's figures; the result counts as the local run's only if every run's was, and the cluster's retries are every round's (<see cref="ClusterTally.Across"/>).</summary>
    protected internal override CpuFigures Merge(CpuFigures typical, IReadOnlyList<CpuFigures> runs) => typical with
    {
        SameAsLocalRun = runs.All(r => r.SameAsLocalRun),
        Cluster = typical.Cluster is { } kept ? ClusterTally.Across(kept, runs.Select(r => r.Cluster)) : null,
    };

    public override string Name => "cpu";

    public override string Claim =>
        "Four threads crunching pi \"run at roughly the speed of one\" under the GIL, while a process pool \"uses all four cores\". " +
        "A job is 100,000,000 Leibniz terms by default: C# needs about 100x the article's 1,000,000 for one job to take 0.1-0.3 s on one core.";

    public override IReadOnlyList<ISetting> Settings => [Jobs, Terms, Kernel];

    public override IReadOnlyList<string> SoakArguments => ["--jobs", "2", "--terms", "2000000"];

    public override IReadOnlyList<Strategy> Strategies { get; } = [SingleGrain, StatelessWorkers, ClusterWide];

    protected override IReadOnlyList<Column> Columns =>
    [
        new("jobs/s", o => Judgement.F(o.Figures.JobsPerSecond)),
        new("cores busy", o => o.Figures.CoresBusy is { } c ? Judgement.F(c) : "-"),
        new("pi", o => o.Figures.SameAsLocalRun ? "exact" : $"off by {o.Figures.Result - Math.PI:0.#E+0}"),
    ];

    public override CpuSettings Bind(SettingValues values) => new(values.Get(Jobs), values.Get(Terms), values.Get(Kernel));

    protected override Task<PiCosts> MeasureCostsAsync(ExperimentContext context, CpuSettings settings, CancellationToken cancellationToken) =>
        PiCosts.MeasureWithFreeCoresAsync(settings.Job, cancellationToken);

    /// <summary>
    /// An ordinary grain: every job's chunks queue on one activation, which runs one turn at a time (the GIL). Each
    /// chunk is keyed (job, chunk) and goes through the resend path: should the silo holding the activation die,
    /// the chunks it held are sent again, and Orleans activates the cruncher anew on a live silo.
    /// </summary>
    private static async Task<Measured<CpuFigures>> SingleGrainAsync(StrategyRun<CpuSettings, PiCosts> run)
    {
        var cruncher = run.Grains.GetGrain<INumberCruncherGrain>(run.KeyBase);
        var units = await run.ResendingAsync();
        var measured = await CrunchAsync(run, j => Resent(units, j, run.Settings.ChunkTerms, cruncher), () => Warm(run, _ => cruncher));

        // Not timed as the strategy: the round's own T1, for the serial check (see CpuFigures).
        var (_, local) = await Measure.SecondsAsync(() => PiCosts.RunLocally(run.Settings.Job, run.CancellationToken));
        return measured with { Figures = measured.Figures with { LocalJobSeconds = local } };
    }

    /// <summary>
    /// A [StatelessWorker] pool: job j goes to pool key j of as many keys as the silo has cores, and the silo may run one
    /// activation per core, so the jobs crunch side by side (multiprocessing's Pool). Chunks are resent as above: a
    /// stateless worker runs on the gateway's silo, and a lost gateway's calls go again through another.
    /// </summary>
    private static async Task<Measured<CpuFigures>> StatelessWorkersAsync(StrategyRun<CpuSettings, PiCosts> run)
    {
        var cores = run.Shape.CoresOfOneSilo;
        var units = await run.ResendingAsync();
        return await WithFreeCoresAsync(run, await CrunchAsync(run, j => Resent(units, j, run.Settings.ChunkTerms, run.Grains.AtPoolKey(j, cores)), () => Warm(run, j => run.Grains.AtPoolKey(j, cores))));
    }

    /// <summary>
    /// Every silo: job j's chunks go to the dispatcher of silo j mod silos, which runs them on that silo's stateless
    /// pool (see <see cref="ISiloDispatcherGrain"/>). Every chunk is keyed (job, chunk), so a chunk lost with a dead
    /// silo is sent again elsewhere and counted once; a job still adds its chunks in order, so pi is the same.
    /// </summary>
    private static async Task<Measured<CpuFigures>> ClusterAsync(StrategyRun<CpuSettings, PiCosts> run)
    {
        var dispatcher = await run.ResendingAsync();
        var chunkTerms = run.Settings.ChunkTerms;
        var measured = await CrunchAsync(
            run,
            j => (chunk, token) => new ValueTask<double>(dispatcher.SumTermsAsync(new WorkKey(j, chunk.Start / chunkTerms), j, chunk, token)),
            () => dispatcher.WarmUpAsync(run.CancellationToken));
        return await WithFreeCoresAsync(run, measured with { Figures = measured.Figures with { Cluster = ClusterTally.Of(dispatcher) } });
    }

    /// <summary>A pool's round with the cores' worth the machine gave straight after it (<see cref="PiCosts.FreeCoresAfterAsync"/>).</summary>
    private static async Task<Measured<CpuFigures>> WithFreeCoresAsync(StrategyRun<CpuSettings, PiCosts> run, Measured<CpuFigures> measured) =>
        measured with { Figures = measured.Figures with { FreeCores = await PiCosts.FreeCoresAfterAsync(run.Shape, run.Settings.Job, run.Costs.T1Seconds, run.CancellationToken) } };

    /// <summary>Job <paramref name="job"/>'s chunks sent to <paramref name="cruncher"/>, each keyed (job, chunk) on the resend path.</summary>
    private static Func<TermRange, CancellationToken, ValueTask<double>> Resent(ClusterDispatcher units, int job, long chunkTerms, ICruncherGrain cruncher) =>
        (chunk, token) => new ValueTask<double>(units.ResendAsync(new WorkKey(job, chunk.Start / chunkTerms), cruncher, (grain, t) => grain.SumTerms(chunk, t).AsTask(), token));

    /// <summary>
    /// The cores a pool of <paramref name="cores"/> gets: on one machine, the client's, what the machine gave when its
    /// cores were measured; silos on other machines have cores this one cannot measure.
    /// </summary>
    internal static double Free(ClusterShape shape, PiCosts costs, int cores) => shape.Machines == 1 ? costs.Usable(cores) : cores;

    protected override void Judge(Judgement judgement, CpuSettings settings, ClusterShape shape, PiCosts costs, IReadOnlyList<Outcome<CpuFigures>> outcomes)
    {
        judgement.Exact(
            "pi from every job of every strategy",
            outcomes.All(o => o.Figures.SameAsLocalRun),
            outcomes.All(o => o.Figures.SameAsLocalRun) ? $"{costs.LocalPi:0.###############}" : string.Join(", ", outcomes.Where(o => !o.Figures.SameAsLocalRun).Select(o => $"{o.Name} {o.Figures.Result:R}")),
            "the local run's value to the last bit");

        var single = outcomes.Of(SingleGrain);
        if (single is null)
        {
            judgement.NotJudged($"the claim compares every strategy with {SingleGrain}, which did not run");
            return;
        }

        // One grain must not beat its jobs run one after another: that would mean turns of one activation overlapped.
        // Against the round's own local job where there is one, not the T1 measured once before the rounds: a T1 taken
        // while a neighbour was busy would make every round's grain look too fast, and refute a claim that holds.
        var serialSpeedup = (single.Figures.LocalJobSeconds is { } local ? settings.Jobs * local : single.Model.Seconds) / single.Seconds;
        judgement.AtMost($"{SingleGrain} speedup over {settings.Jobs} jobs one after another", serialSpeedup, 1, SerialSlack, $"pass if <= {SerialSlack}x (one turn at a time)", "x");

        foreach (var strategy in (Strategy[])[StatelessWorkers, ClusterWide])
        {
            if (outcomes.Of(strategy) is not { } pool)
            {
                continue;
            }

            var reach = strategy == StatelessWorkers ? shape.CoresOfOneSilo : shape.UsableCores;
            if (Math.Min(settings.Jobs, reach) == 1)
            {
                judgement.NotJudged($"{pool.Name} can use only one core here ({settings.Jobs} job(s), {reach} core(s)), so it cannot be faster than one grain");
                continue;
            }

            // The pool's model in this round: the cores the machine gave straight after it, where it was measured.
            var round = pool.Figures.FreeCores is { } free ? costs with { FreeCores = free } : costs;
            // A round short of cores is no sample of the pool's speedup; the other rounds still decide it.
            var figure = $"{pool.Name} speedup over {SingleGrain}";
            if (Free(shape, round, reach) < MinFreeCores)
            {
                judgement.Unread(figure, $"the machine gave {Judgement.F(round.FreeCores ?? reach)} cores' worth of crunching when measured (of {reach}): something else is using them, so a pool cannot show its speedup here");
                continue;
            }

            judgement.Speedup(
                figure,
                single.Seconds / pool.Seconds,
                single.Model.Seconds / strategy.Model(settings, shape, round).Seconds,
                SpeedupTolerance,
                Math.Min(settings.Jobs, strategy == StatelessWorkers ? shape.CoresOfOneSilo : shape.MachineCores),
                $"{Math.Min(settings.Jobs, strategy == StatelessWorkers ? shape.CoresOfOneSilo : shape.MachineCores)} = min(jobs, cores)");
            if (pool.Figures.Cluster is { } cluster)
            {
                judgement.Note($"{pool.Name}: jobs ran {cluster.Spread}; {cluster.RetriedJobs} job(s) retried");
            }
        }
    }

    /// <summary>The article's Python for the same claim, run beside it with <c>--python</c>.</summary>
    public override PythonTwin? Twin(CpuSettings settings) => PythonTwins.Pi(settings.Jobs, settings.Terms);

    protected override string Why(CpuSettings settings, ClusterShape shape, PiCosts costs) =>
        $"T1 = {costs.T1Seconds:0.###} s is one job of {settings.Terms:N0} terms run here in the caller. An ordinary grain runs one turn at a time, " +
        "so jobs sent to it together queue: that is the GIL, and more callers cannot help. A [StatelessWorker] grain may have one " +
        $"activation per core on the silo that handles the call, so {settings.Jobs} jobs share its {shape.CoresOfOneSilo} cores, as multiprocessing's Pool does. " +
        $"Each job goes in chunks of at most {settings.ChunkTerms:N0} terms, one turn each, so no turn hogs its activation." +
        (shape.Silos > 1 && shape.Machines < shape.Silos
            ? $" The {shape.Silos} silos share {shape.Machines} machine(s) with {shape.MachineCores} cores: silos on one machine share its cores, so the cluster model counts {shape.UsableCores} cores, not {shape.SiloCores}."
            : "");

    private static async Task Warm(StrategyRun<CpuSettings, PiCosts> run, Func<int, ICruncherGrain> cruncher) =>
        await Task.WhenAll(Enumerable.Range(0, run.Settings.Jobs).Select(j => cruncher(j).SumTerms(new TermRange(0, 0), run.CancellationToken).AsTask()));

    /// <summary>
    /// Activates the crunchers before the clock starts (the claim is about crunching, not activating), then runs every
    /// job at once, chunk after chunk each, through <paramref name="crunch"/>.
    /// </summary>
    private static async Task<Measured<CpuFigures>> CrunchAsync(
        StrategyRun<CpuSettings, PiCosts> run, Func<int, Func<TermRange, CancellationToken, ValueTask<double>>> crunch, Func<Task> warmUp)
    {
        await warmUp();
        var (jobs, job) = (run.Settings.Jobs, run.Settings.Job);
        using var progress = run.Progress(jobs * job.ChunkCount);
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var (results, seconds) = await Measure.SecondsAsync(() => Task.WhenAll(Enumerable.Range(0, jobs).Select(j =>
            job.RunAsync(crunch(j), () => progress.Advance(), run.CancellationToken))));
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds;

        // With the silo in this process, its CPU time over the wall time is how many cores the strategy kept busy.
        return new Measured<CpuFigures>(seconds, new CpuFigures(
            results[0],
            results.All(r => r.Equals(run.Costs.LocalPi)),
            Math.Abs(results[0] - Math.PI),
            jobs / seconds,
            run.Context.Cluster.Embedded ? cpuSeconds / seconds : null));
    }
}
