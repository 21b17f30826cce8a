using Concurrency.Abstractions;
using Concurrency.Cli;
using Concurrency.Client.Results;
using Concurrency.Hosting;

namespace Concurrency.Client.Experiments;

/// <summary>
/// The article's aside on the GIL: it is CPython's alone (Jython and IronPython have none) and PEP 703 removes it.
/// .NET has no GIL; the actor model's GIL is the activation's rule of one turn at a time. A grain may step outside it
/// by starting plain threads inside one call: the jobs then run on every core, free-threaded, and so does any code
/// that shares state with them, which is the price the article leaves out. The experiment runs the same racy counter
/// code in turns, on free threads and on stateless workers, and counts the updates lost.
/// </summary>
public sealed class FreeThreadingExperiment : Experiment<FreeThreadingSettings, PiCosts, FreeThreadingFigures>
{
    // T1 is one job crunched here in the caller; a job never uses more than one core.

    /// <summary>One activation, its turns the GIL: the jobs add up.</summary>
    public static readonly Strategy OneActivation = new("one-activation", OneActivationAsync, (settings, _, costs) => new(settings.Jobs * costs.T1Seconds));

    /// <summary>Plain threads inside one grain call: free-threaded, they share the silo's cores.</summary>
    public static readonly Strategy FreeThreads = new("free-threads", FreeThreadsAsync, SharedCores);

    /// <summary>Stateless workers: they share the silo's cores too, and share no state.</summary>
    public static readonly Strategy StatelessWorkers = new("stateless-workers", StatelessWorkersAsync, SharedCores);

    /// <summary>Free threads and stateless workers must each reach this share of their modelled speedup over one activation.</summary>
    public const double SpeedupTolerance = 0.7;

    /// <summary>One activation may be at most this much faster than its jobs one after another.</summary>
    public const double SerialSlack = 1.3;

    /// <summary>The most terms all the jobs may add up to: about 8 s on one core, so the single free-threads call stays far under the response timeout.</summary>
    public const long MaxTotalTerms = 5_000_000_000;

    public const int MaxIncrements = 1_000_000;

    private static readonly Setting<int> Jobs = new(ExperimentOptions.Jobs(), 4, why: "a job for each of a few cores, so the pool's speedup over one activation shows on 2 or more cores");
    private static readonly Setting<long> Terms = new(ExperimentOptions.Terms(), 100_000_000L, quick: 50_000_000L, why: "jobs of hundreds of milliseconds, so a call's fixed cost is a small fraction and the speedup stands clear of the noise");
    private static readonly Setting<int> Increments = new(
        CliOptions.Count("--increments", "How many times each worker increments the shared counter.", 1, MaxIncrements), 100_000, quick: 20_000);

    public override string Name => "free-threading";

    public override string Claim =>
        "The GIL is CPython's alone (\"Jython and IronPython\" have none) and free-threaded Python (PEP 703) is coming. " +
        "Here: one activation's turns are the GIL; plain threads inside one grain call are free-threaded and use every core, and lose updates to a shared counter that grain state updated in turns never loses.";

    public override IReadOnlyList<ISetting> Settings => [Jobs, Terms, Increments];

    public override IReadOnlyList<string> SoakArguments => [];

    public override IReadOnlyList<Strategy> Strategies { get; } = [OneActivation, FreeThreads, StatelessWorkers];

    protected override IReadOnlyList<Column> Columns =>
    [
        new("jobs/s", o => Judgement.F(o.Figures.JobsPerSecond)),
        new("lost updates", o => $"{o.Figures.LostUpdates:N0} of {o.Figures.Increments:N0}"),
        new("pi", o => o.Figures.SameAsLocalRun ? "exact" : $"off by {o.Figures.Result - Math.PI:0.#E+0}"),
    ];

    public override FreeThreadingSettings Bind(SettingValues values)
    {
        var settings = new FreeThreadingSettings(values.Get(Jobs), values.Get(Terms), values.Get(Increments));
        if ((double)settings.Jobs * settings.Terms > MaxTotalTerms)
        {
            throw new UsageException(
                $"--jobs {settings.Jobs} of --terms {settings.Terms:N0} is {(double)settings.Jobs * settings.Terms:N0} terms, over the {MaxTotalTerms:N0} that {FreeThreads} may crunch in one grain call; give fewer or smaller jobs.");
        }

        return settings;
    }

    /// <summary>As cpu's pools (<see cref="CpuExperiment.PoolSampling"/>): the parallel strategies' speedups move more round to round than one activation's.</summary>
    protected override Sampling Sampling => CpuExperiment.PoolSampling;

    protected override Task<PiCosts> MeasureCostsAsync(ExperimentContext context, FreeThreadingSettings settings, CancellationToken cancellationToken) =>
        PiCosts.MeasureWithFreeCoresAsync(settings.Job, cancellationToken);

    /// <summary>
    /// The GIL: every job's chunks queue on one ordinary activation, one turn at a time. Then every worker's increments
    /// go to the same activation at once, each call one turn of the racy counter code: the turns never overlap.
    /// </summary>
    private static async Task<Measured<FreeThreadingFigures>> OneActivationAsync(StrategyRun<FreeThreadingSettings, PiCosts> run)
    {
        var grain = run.Grains.GetGrain<IFreeThreadingGrain>(run.KeyBase);
        await grain.SumTerms(new TermRange(0, 0), run.CancellationToken);
        var measured = await CrunchAndCountAsync(
            run,
            progress => Task.WhenAll(Enumerable.Range(0, run.Settings.Jobs).Select(_ => run.Settings.Job.RunAsync(grain.SumTerms, progress, run.CancellationToken))),
            async () => (await Task.WhenAll(Enumerable.Range(0, run.Settings.Jobs).Select(_ => grain.CountInTurn(run.Settings.Increments, run.CancellationToken).AsTask()))).Max());

        // Not timed as the strategy: the round's own T1, for the serial check, as cpu's single-grain has (see CpuFigures).
        var (_, local) = await Measure.SecondsAsync(() => PiCosts.RunLocally(run.Settings.Job, run.CancellationToken));
        return measured with { Figures = measured.Figures with { LocalJobSeconds = local } };
    }

    /// <summary>Free threads: one grain call starts a plain thread per job, and another starts a thread per worker on one shared counter.</summary>
    private static async Task<Measured<FreeThreadingFigures>> FreeThreadsAsync(StrategyRun<FreeThreadingSettings, PiCosts> run)
    {
        var grain = run.Grains.GetGrain<IFreeThreadingGrain>(run.KeyBase);
        await grain.CrunchOnThreads(new PiJob(1), 1, run.CancellationToken);
        return await WithFreeCoresAsync(run, await CrunchAndCountAsync(
            run,
            async progress =>
            {
                var results = await grain.CrunchOnThreads(run.Settings.Job, run.Settings.Jobs, run.CancellationToken);
                Array.ForEach(results, _ => progress());
                return results;
            },
            () => grain.CountOnThreads(run.Settings.Jobs, run.Settings.Increments, run.CancellationToken).AsTask()));
    }

    /// <summary>
    /// The process pool: job j on lane j of the silo's stateless crunchers, one activation per core; each worker counts
    /// on a stateless counter of its own and sends its count back, and the caller adds them up.
    /// </summary>
    private static async Task<Measured<FreeThreadingFigures>> StatelessWorkersAsync(StrategyRun<FreeThreadingSettings, PiCosts> run)
    {
        var (jobs, cores) = (run.Settings.Jobs, run.Shape.CoresOfOneSilo);
        await Task.WhenAll(Enumerable.Range(0, jobs).Select(j => run.Grains.AtPoolKey(j, cores).SumTerms(new TermRange(0, 0), run.CancellationToken).AsTask()));
        return await WithFreeCoresAsync(run, await CrunchAndCountAsync(
            run,
            progress => Task.WhenAll(Enumerable.Range(0, jobs).Select(j => run.Settings.Job.RunOnPoolAsync(run.Grains, j, cores, progress, run.CancellationToken))),
            async () => (await Task.WhenAll(Enumerable.Range(0, jobs).Select(j =>
                run.Grains.GetGrain<IStatelessCounterGrain>(j % cores).CountAlone(run.Settings.Increments, run.CancellationToken).AsTask()))).Sum()));
    }

    /// <summary>A parallel strategy's round with the cores' worth the machine gave straight after it (<see cref="PiCosts.FreeCoresAfterAsync"/>).</summary>
    private static async Task<Measured<FreeThreadingFigures>> WithFreeCoresAsync(StrategyRun<FreeThreadingSettings, PiCosts> run, Measured<FreeThreadingFigures> measured) =>
        measured with { Figures = measured.Figures with { FreeCores = await PiCosts.FreeCoresAfterAsync(run.Shape, run.Settings.Job, run.Costs.T1Seconds, run.CancellationToken) } };

    /// <summary>
    /// Times the jobs (the strategy's seconds), then runs the counter (not timed: its figure is the updates lost).
    /// </summary>
    private static async Task<Measured<FreeThreadingFigures>> CrunchAndCountAsync(
        StrategyRun<FreeThreadingSettings, PiCosts> run, Func<Action, Task<double[]>> crunch, Func<Task<long>> count)
    {
        var settings = run.Settings;
        double[] results;
        double seconds;
        double cpuSeconds;
        using (var progress = run.Progress(settings.Jobs * settings.Job.ChunkCount))
        {
            var cpuBefore = Environment.CpuUsage.TotalTime;
            (results, seconds) = await Measure.SecondsAsync(() => crunch(() => progress.Advance()));
            cpuSeconds = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds;
        }

        var counted = await count();
        return new Measured<FreeThreadingFigures>(seconds, new FreeThreadingFigures(
            results[0],
            results.All(r => r.Equals(run.Costs.LocalPi)),
            settings.Jobs / seconds,
            run.Context.Cluster.Embedded ? cpuSeconds / seconds : null,
            settings.ExpectedCount,
            counted,
            settings.ExpectedCount - counted));
    }

    /// <summary>The jobs on the silo's cores, no more than the machine gives, a job never using more than one.</summary>
    private static Expectation SharedCores(FreeThreadingSettings settings, ClusterShape shape, PiCosts costs) =>
        new(costs.T1Seconds * Math.Max(1, settings.Jobs / CpuExperiment.Free(shape, costs, shape.CoresOfOneSilo)));

    protected override void Judge(Judgement judgement, FreeThreadingSettings settings, ClusterShape shape, PiCosts costs, IReadOnlyList<Outcome<FreeThreadingFigures>> outcomes)
    {
        judgement.Exact(
            "pi from every job of every strategy",
            outcomes.All(o => o.Figures.SameAsLocalRun),
            outcomes.All(o => o.Figures.SameAsLocalRun) ? $"{costs.LocalPi:0.###############}" : string.Join(", ", outcomes.Where(o => !o.Figures.SameAsLocalRun).Select(o => $"{o.Name} {o.Figures.Result:R}")),
            "the local run's value to the last bit");

        // Turns never overlap, and stateless workers share nothing: with the same racy code, neither may lose an update.
        foreach (var safe in outcomes.Where(o => o.Strategy != FreeThreads))
        {
            judgement.Exact(
                $"{safe.Name} lost updates",
                safe.Figures.LostUpdates == 0,
                $"{safe.Figures.LostUpdates:N0} (counted {safe.Figures.Counted:N0} of {safe.Figures.Increments:N0})",
                "0");
        }

        var cores = shape.CoresOfOneSilo;
        if (cores < 2 || settings.Jobs < 2)
        {
            judgement.NotJudged($"{settings.Jobs} job(s) on {cores} core(s): threads cannot run at once, so neither the speedup nor the race can show");
            return;
        }

        if (outcomes.Of(FreeThreads) is { } free)
        {
            judgement.Exact(
                $"{FreeThreads} lost updates",
                free.Figures.LostUpdates > 0,
                $"{free.Figures.LostUpdates:N0} (counted {free.Figures.Counted:N0} of {free.Figures.Increments:N0})",
                $"more than 0: {settings.Jobs} threads on {cores} cores race on one counter without a lock");
        }

        var one = outcomes.Of(OneActivation);
        if (one is null)
        {
            judgement.NotJudged($"the speedups compare every strategy with {OneActivation}, which did not run");
            return;
        }

        // Against the round's own local job, not the T1 measured once (see CpuExperiment's serial check).
        var serial = (one.Figures.LocalJobSeconds is { } local ? settings.Jobs * local : one.Model.Seconds) / one.Seconds;
        judgement.AtMost($"{OneActivation} speedup over {settings.Jobs} jobs one after another", serial, 1, SerialSlack, $"pass if <= {SerialSlack}x (one turn at a time)", "x");
        var limit = Math.Min(settings.Jobs, cores);
        foreach (var strategy in (Strategy[])[FreeThreads, StatelessWorkers])
        {
            if (outcomes.Of(strategy) is not { } pool)
            {
                continue;
            }

            // Judged on the cores this round gave; a round where a neighbour left too few to show a gain is no sample.
            var round = pool.Figures.FreeCores is { } freeCores ? costs with { FreeCores = freeCores } : costs;
            var figure = $"{pool.Name} speedup over {OneActivation}";
            if (CpuExperiment.Free(shape, round, cores) < CpuExperiment.MinFreeCores)
            {
                judgement.Unread(figure, $"the machine gave {Judgement.F(round.FreeCores ?? cores)} cores' worth of crunching when measured (of {cores}): something else is using them, so {pool.Name} cannot show its speedup here");
                continue;
            }

            judgement.Speedup(figure, one.Seconds / pool.Seconds, one.Model.Seconds / strategy.Model(settings, shape, round).Seconds, SpeedupTolerance, limit, $"{limit} = min(jobs, cores)");
        }
    }

    protected override string Why(FreeThreadingSettings settings, ClusterShape shape, PiCosts costs) =>
        $"T1 = {costs.T1Seconds:0.###} s is one job of {settings.Terms:N0} terms run here in the caller. One activation runs one turn at a time: its jobs queue, " +
        "and its counter, read-modify-write with no lock, is safe because no two turns overlap (the GIL, and what the GIL buys). " +
        $"Plain threads started inside one grain call run outside the turns, on all {shape.CoresOfOneSilo} cores at once, free-threaded; the same counter code shared by them loses updates, " +
        $"because two threads read the same value and both write it plus one (a short spin between read and write widens that window so it shows on every run; a bare ++ races too, less often). " +
        "Stateless workers also use every core but share nothing: each counts alone and sends its count back, as processes do.";
}
