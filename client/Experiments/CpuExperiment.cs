using System.CommandLine;
using Concurrency.Abstractions;
using Concurrency.Client.Cluster;
using Concurrency.Client.Results;
using Concurrency.Hosting.Cli;

namespace Concurrency.Client.Experiments;

/// <summary>Settings of <see cref="CpuExperiment"/>. <paramref name="ChunkTerms"/> is the most terms one grain turn computes.</summary>
public sealed record CpuSettings(int Jobs, long Terms, PiKernel Kernel, IReadOnlyList<string> Strategies, long ChunkTerms = PiJob.DefaultChunkTerms);

/// <summary>
/// The article's CPU experiment: four pi jobs in threads run at the speed of one (the GIL); in a process pool they
/// use every core.
///
/// In actor terms the GIL is an ordinary activation: it runs one turn at a time, so N jobs sent to one number
/// cruncher take N times one job. A stateless worker pool is multiprocessing: the silo runs up to one activation per
/// core, so N jobs take about ceil(N / cores) times one job. Every job is cut into chunks of at most
/// <see cref="CpuSettings.ChunkTerms"/> terms, one turn each, sent one after another per job.
/// </summary>
public sealed class CpuExperiment : Experiment<CpuSettings>
{
    public const string SingleGrain = "single-grain";
    public const string StatelessWorkers = "stateless-workers";
    public const string ClusterWide = "cluster";

    /// <summary>The pool must reach this share of the ideal speedup min(jobs, cores).</summary>
    public const double SpeedupTolerance = 0.8;

    /// <summary>One grain may not run the jobs faster than this share of running them one after another locally.</summary>
    public const double SerialTolerance = 0.75;

    public override string Name => "cpu";

    public override string Claim =>
        "Four threads crunching pi \"run at roughly the speed of one\" under the GIL, while a process pool \"uses all four cores\". " +
        "A job is 100,000,000 Leibniz terms by default: C# needs about 100x the article's 1,000,000 for one job to take 0.1-0.3 s on one core.";

    public override IReadOnlyList<string> Strategies { get; } = [SingleGrain, StatelessWorkers, ClusterWide];

    public override IReadOnlyList<Option> Options { get; } = [ExperimentOptions.Jobs, ExperimentOptions.Terms, ExperimentOptions.Kernel, ExperimentOptions.Strategy];

    public override CpuSettings Bind(ExperimentArgs args) => new(
        args.Get(ExperimentOptions.Jobs, 4),
        args.Get(ExperimentOptions.Terms, 100_000_000L, quickDefault: 20_000_000L),
        args.Get(ExperimentOptions.Kernel, PiKernel.Scalar),
        args.StrategiesOf(this));

    public override async Task<ExperimentResult> RunAsync(ExperimentContext context, CpuSettings settings, CancellationToken cancellationToken)
    {
        var job = new PiJob(settings.Terms, settings.Kernel, settings.ChunkTerms);

        // T1: one job, computed here in the caller before any grain runs, with the very chunks the grains get.
        var (reference, t1) = await Measure.SecondsAsync(() => job.RunAsync((chunk, _) => ValueTask.FromResult(LeibnizKernel.Sum(chunk)), cancellationToken: cancellationToken));

        var keyBase = GrainKeys.NewBase();
        var cores = context.Cluster.ProcessorCount;
        var strategies = new List<StrategyResult>();
        foreach (var strategy in settings.Strategies)
        {
            if (strategy == ClusterWide)
            {
                strategies.Add(context.Finish(await RunClusterAsync(context, job, settings.Jobs, t1, reference, cancellationToken), cancellationToken));
                continue;
            }

            // Each strategy names where job j's chunks go and how long the model says the N jobs take.
            var (crunchers, expected) = strategy switch
            {
                SingleGrain => ((Func<int, ICruncherGrain>)(_ => context.Grains.GetGrain<INumberCruncherGrain>(keyBase)), settings.Jobs * t1),
                StatelessWorkers => (j => context.Grains.Lane(j, cores), Math.Ceiling((double)settings.Jobs / cores) * t1),
                _ => throw new ArgumentOutOfRangeException(nameof(settings), strategy, "unknown strategy"),
            };

            // Activate the crunchers before the clock starts: the claim is about crunching, not activating.
            strategies.Add(context.Finish(await RunStrategyAsync(
                context, strategy, job, settings.Jobs, j => crunchers(j).SumTerms, () => Task.WhenAll(Enumerable.Range(0, settings.Jobs).Select(j => crunchers(j).SumTerms(new TermRange(0, 0), cancellationToken).AsTask())),
                expected, reference, null, cancellationToken), cancellationToken));
        }

        var (holds, explanation) = Judge(settings, cores, t1, reference, strategies);
        return new ExperimentResult(
            Name,
            Claim,
            new Dictionary<string, object?>
            {
                ["jobs"] = settings.Jobs,
                ["terms"] = settings.Terms,
                ["kernel"] = settings.Kernel.ToString().ToLowerInvariant(),
                ["chunkTerms"] = settings.ChunkTerms,
                ["chunksPerJob"] = job.ChunkCount,
                ["t1Seconds"] = t1,
                ["processorCount"] = cores,
            },
            strategies,
            holds,
            explanation);
    }

    /// <summary>
    /// The cluster strategy: job j's chunks go to the dispatcher of silo j mod silos, which runs them on that silo's
    /// stateless pool (see <see cref="ISiloDispatcherGrain"/>). Every chunk is keyed (job, chunk), so a chunk lost with
    /// a dead silo is sent again elsewhere and counted once; a job still adds its chunks in order, so pi is the same.
    /// The model counts every silo's cores: ceil(N / all cores) x T1.
    /// </summary>
    private static async Task<StrategyResult> RunClusterAsync(ExperimentContext context, PiJob job, int jobs, double t1, double reference, CancellationToken cancellationToken)
    {
        await using var roster = await SiloRoster.StartAsync(context.Grains, context.ClusterObserver, cancellationToken);
        var dispatcher = new ClusterDispatcher(roster, context.ClusterObserver);
        var siloCores = roster.Active.Sum(s => s.ProcessorCount);
        return await RunStrategyAsync(
            context, ClusterWide, job, jobs,
            j => (chunk, token) => new ValueTask<double>(dispatcher.SumTermsAsync(new WorkKey(j, chunk.Start / job.ChunkTerms), j, chunk, token)),
            () => dispatcher.WarmUpAsync(cancellationToken),
            Math.Ceiling((double)jobs / siloCores) * t1, reference, () => ClusterTally.Metrics(dispatcher, "chunks"), cancellationToken);
    }

    private static async Task<StrategyResult> RunStrategyAsync(
        ExperimentContext context, string strategy, PiJob job, int jobs, Func<int, Func<TermRange, CancellationToken, ValueTask<double>>> crunch, Func<Task> warmUp,
        double expected, double reference, Func<Dictionary<string, object?>>? where, CancellationToken cancellationToken)
    {
        await warmUp();

        using var progress = context.Progress.Start($"cpu/{strategy}", jobs * job.ChunkCount);
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var (results, seconds) = await Measure.SecondsAsync(() => Task.WhenAll(Enumerable.Range(0, jobs).Select(j =>
            job.RunAsync(crunch(j), () => progress.Advance(), cancellationToken))));

        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds;
        var metrics = new Dictionary<string, object?>
        {
            ["result"] = (decimal)results[0],
            ["sameAsLocalRun"] = results.All(r => r.Equals(reference)),
            ["errorVsMathPi"] = (decimal)Math.Abs(results[0] - Math.PI),
            ["jobsPerSecond"] = jobs / seconds,
            ["processorCount"] = context.Cluster.ProcessorCount,
        };
        if (context.Cluster.Embedded)
        {
            // The silo runs in this process: its CPU time over the wall time is how many cores the strategy kept busy.
            metrics["coresBusy"] = cpuSeconds / seconds;
        }

        foreach (var (name, value) in where?.Invoke() ?? [])
        {
            metrics[name] = value;
        }

        return new StrategyResult(strategy, expected, seconds, metrics);
    }

    private static (bool Holds, string Explanation) Judge(CpuSettings settings, int cores, double t1, double reference, IReadOnlyList<StrategyResult> strategies)
    {
        var single = strategies.FirstOrDefault(s => s.Name == SingleGrain);
        var pool = strategies.FirstOrDefault(s => s.Name == StatelessWorkers);
        var serial = settings.Jobs * t1;
        var checks = new List<(bool Ok, string Text)>
        {
            (strategies.All(s => s.Metrics?["sameAsLocalRun"] is true),
                $"every strategy returned pi = {reference:0.###############} for every job, the local run's value to the last bit"),
        };

        if (single is not null)
        {
            checks.Add((single.MeasuredSeconds >= SerialTolerance * serial,
                $"one grain took {single.MeasuredSeconds:0.###} s for {settings.Jobs} jobs, about {settings.Jobs} x T1 = {serial:0.###} s (it must not beat {SerialTolerance} x that)"));
        }

        if (pool is not null)
        {
            var baseline = single?.MeasuredSeconds ?? serial;
            var speedup = baseline / pool.MeasuredSeconds;
            var needed = SpeedupTolerance * Math.Min(settings.Jobs, cores);
            checks.Add((speedup >= needed,
                $"the stateless pool took {pool.MeasuredSeconds:0.###} s, {speedup:0.##}x faster than {(single is null ? "N x T1" : "one grain")} " +
                $"(needed {SpeedupTolerance} x min({settings.Jobs} jobs, {cores} cores) = {needed:0.##}x)"));
        }

        var cluster = strategies.FirstOrDefault(s => s.Name == ClusterWide);
        var clusterWhy = "";
        if (cluster?.Metrics is { } m)
        {
            var (silos, siloCores, machines, machineCores) = ((int)m["silos"]!, (int)m["siloCores"]!, (int)m["machines"]!, (int)m["machineCores"]!);
            var speedup = (single?.MeasuredSeconds ?? serial) / cluster.MeasuredSeconds;
            var needed = SpeedupTolerance * Math.Min(settings.Jobs, machineCores);
            var perSilo = string.Join(", ", ((IReadOnlyDictionary<string, int>)m["jobsPerSilo"]!).Select(p => $"{p.Value} on {p.Key}"));
            checks.Add((speedup >= needed,
                $"the cluster strategy took {cluster.MeasuredSeconds:0.###} s over {silos} silo(s) (jobs: {perSilo}; {m["retriedJobs"]} job(s) retried), " +
                $"{speedup:0.##}x faster than {(single is null ? "N x T1" : "one grain")} (needed {SpeedupTolerance} x min({settings.Jobs} jobs, {machineCores} cores of {machines} machine(s)) = {needed:0.##}x)"));
            clusterWhy = silos == 1
                ? " The cluster has 1 silo, so the cluster strategy ran on that one silo's pool: it is the stateless pool plus one dispatcher hop."
                : $" The cluster strategy reaches every silo through a dispatcher grain pinned to each silo, which hands chunks to that silo's own stateless pool; its model, ceil(jobs / {siloCores} silo cores) x T1, counts each silo's cores." +
                  (machines < silos
                      ? $" But these {silos} silos share {machines} machine(s) with {machineCores} cores in all: silos on one machine share its cores, so more silos cannot add speed here (the model is too hopeful by {(double)siloCores / machineCores:0.#}x); only more machines add cores."
                      : "");
        }

        var verdict = string.Join("; ", checks.Select(c => c.Text)) + ".";
        var why =
            $" T1 = {t1:0.###} s is one job of {settings.Terms:N0} terms run here in the caller. An ordinary grain runs one turn at a time, " +
            "so jobs sent to it together queue: that is the GIL, and more threads cannot help. A [StatelessWorker] grain may have one " +
            $"activation per core on the silo that handles the call, so {settings.Jobs} jobs on {cores} cores take about ceil(jobs / cores) x T1, " +
            "as multiprocessing's Pool does. Each job goes in chunks of at most " +
            $"{settings.ChunkTerms:N0} terms, one turn each, so no turn hogs its activation and no call waits near the response timeout.";
        return (checks.All(c => c.Ok), verdict + why + clusterWhy);
    }
}
