using Concurrency.Abstractions;
using Concurrency.Cli;
using Concurrency.Client.Experiments.Isolation;
using Concurrency.Client.Python;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// The article's spawn cost: a process takes 10-50 ms to start, a thread microseconds. In actor terms the ladder
/// runs from a thread and a queued task, through a grain's activation (its first call) and a warm call, to a whole
/// silo in this process and a silo process. What a start costs decides the smallest task worth starting for: the
/// break-even task, whose start is 10% of it, is measured by running tasks of that size on fresh activations and on
/// one warm grain.
/// </summary>
public sealed class SpawnExperiment : Experiment<SpawnSettings, SpawnCosts, SpawnFigures>
{
    // Each break-even strategy runs its task in pairs, W of work at the loop's speed twice, once with the start and
    // once without.

    /// <summary>On grains both tasks are calls: the started one a first call (an activation), the other a warm one.</summary>
    public static readonly Strategy FreshActivations = new("fresh-activations", FreshActivationsAsync, (settings, _, costs) =>
        new(settings.Tasks * (costs.ActivationOverheadSeconds + (2 * costs.WarmCall.MedianSeconds) + (2 * costs.BreakEvenTaskTerms * costs.SecondsPerTerm))));

    /// <summary>On threads the started task pays the thread's start; the other runs on the caller.</summary>
    public static readonly Strategy NewThreads = new("new-threads", NewThreadsAsync, (settings, _, costs) =>
        new(settings.Tasks * (costs.ThreadUnderWork.MedianSeconds + (2 * costs.ThreadTaskTerms * costs.SecondsPerTerm))));

    public const string ThreadStep = "thread";
    public const string TaskStep = "task";
    public const string ActivationStep = "grain activation";
    public const string WarmCallStep = "warm grain call";
    public const string InProcessSiloStep = "silo in this process";
    public const string SiloProcessStep = "silo process";

    /// <summary>The break-even: a start that is this share of its task has stopped mattering.</summary>
    public const double StartShare = 0.10;

    /// <summary>
    /// The work a start is measured under before the break-even is modelled. A thread started for an empty body is
    /// joined at once; one started for a millisecond of work leaves its caller asleep in Join and the other core woken
    /// for it, and both wake-ups are part of what starting it costs. The model assumes that cost is fixed, whatever
    /// the task; the run at the break-even size, several times this work, is what tests that.
    /// </summary>
    public static readonly TimeSpan ProbeWork = TimeSpan.FromMilliseconds(1);

    /// <summary>The break-even run's measured share must lie within this factor of the model's, either way: starts of tens of microseconds on a loaded machine move by 2x between the ladder and the run.</summary>
    public const double ShareTolerance = 3.0;

    /// <summary>"Microseconds for a thread": a thread's start must be under this.</summary>
    public static readonly TimeSpan ThreadCeiling = TimeSpan.FromMilliseconds(1);

    /// <summary>"10-50 ms versus microseconds": a silo process must cost at least this many thread starts.</summary>
    public const double ProcessOverThread = 100;

    private const long CalibrationTerms = 1_000_000;

    private const int CalibrationRuns = 15;

    private static readonly Setting<int> Samples = new(CliOptions.Count("--samples", "Starts timed for each cheap rung: a thread, a task, a warm grain call.", 5, 100_000), 200, quick: 100, why: "enough starts of each cheap rung (microseconds each) for a steady median");
    private static readonly Setting<int> Activations = new(CliOptions.Count("--activations", "First calls to fresh grains timed (grain activations).", 5, 10_000), 50, quick: 20, why: "enough fresh activations for a steady median");
    private static readonly Setting<int> SiloStartsSetting = new(CliOptions.Count("--silo-starts", "Starts of a silo in this process timed (0 skips the rung).", 0, 20), 3, why: "--quick too: the first start in a process is cold, and a ratio over fewer starts has too wide an interval to decide");

    // A silo process takes seconds to start on a loaded machine: --quick skips the rung and says so.
    private static readonly Setting<int> ProcessStarts = new(CliOptions.Count("--process-starts", "Starts of a silo process timed (0 skips the rung).", 0, 20), 3, quick: 0);
    private static readonly Setting<int> Tasks = new(CliOptions.Count("--tasks", "Break-even tasks run per strategy.", 3, 1_000), 40, quick: 40, why: "enough tasks that the break-even share is measured, not guessed");

    public override string Name => "spawn";

    public override string Claim =>
        "\"Spawning a process takes roughly 10-50ms versus microseconds for a thread.\" Here: the ladder from a thread to a silo process, " +
        "and the task size at which a grain's activation is 10% of the task.";

    public override IReadOnlyList<ISetting> Settings => [Samples, Activations, SiloStartsSetting, ProcessStarts, Tasks];

    public override IReadOnlyList<string> SoakArguments => [];

    public override IReadOnlyList<Strategy> Strategies { get; } = [FreshActivations, NewThreads];

    protected override IReadOnlyList<Column> Columns =>
    [
        new("task", o => $"{o.Figures.TaskTerms:N0} terms"),
        new("started / not", o => $"{Judgement.F(o.Figures.Started.MedianMs)} / {Judgement.F(o.Figures.Unstarted.MedianMs)} ms"),
        new("start's share (model)", o => $"{o.Figures.OverheadShare:0.0%} ({StartShare:0%})"),
    ];

    public override SpawnSettings Bind(SettingValues values) =>
        new(values.Get(Samples), values.Get(Activations), values.Get(SiloStartsSetting), values.Get(ProcessStarts), values.Get(Tasks));

    /// <summary>The ladder (the silos first), the loop's speed (the median of several runs), then the starts under work.</summary>
    protected override async Task<SpawnCosts> MeasureCostsAsync(ExperimentContext context, SpawnSettings settings, CancellationToken cancellationToken)
    {
        // The silos first: what their starts and stops leave running (collections, compiling, a process exiting) fades
        // while the cheap rungs are timed, and the starts the break-even is modelled on are timed last, just before the
        // break-even runs, on the machine as those runs will find it.
        Spread? inProcess = null, process = null;
        if (settings.SiloStarts > 0)
        {
            inProcess = await SiloStarts.TimeInProcessAsync(settings.SiloStarts, cancellationToken);
        }

        var missing = settings.ProcessStarts == 0 ? "--process-starts 0; --quick skips it, since a silo process takes seconds to start" : SiloProgram.Missing;
        if (missing is null)
        {
            process = await SiloStarts.TimeProcessAsync(settings.ProcessStarts, cancellationToken);
        }

        var threads = ThreadStarts.Time(settings.Samples);
        var task = await Spread.TimeAsync(settings.Samples, () => System.Threading.Tasks.Task.Run(() => { }, cancellationToken));

        var key = GrainKeys.NewBase();
        var next = 0L;
        var empty = new TermRange(0, 0);
        var activation = await Spread.TimeAsync(settings.Activations, () => context.Grains.GetGrain<INumberCruncherGrain>(key + next++).SumTerms(empty, cancellationToken).AsTask());
        var warm = context.Grains.GetGrain<INumberCruncherGrain>(key);
        var warmCall = await Spread.TimeAsync(settings.Samples, () => warm.SumTerms(empty, cancellationToken).AsTask());

        // The loop's median, like every rung's: on a loaded machine the tasks run under the same load as the starts.
        var loop = await Spread.TimeAsync(CalibrationRuns, () =>
        {
            LeibnizKernel.Scalar(0, CalibrationTerms);
            return System.Threading.Tasks.Task.CompletedTask;
        });
        var secondsPerTerm = loop.MedianSeconds / CalibrationTerms;
        var probe = (long)Math.Ceiling(ProbeWork.TotalSeconds / secondsPerTerm);
        var (threadWith, threadWithout) = await PairsAsync(2 * settings.Tasks, _ => OnNewThread(probe), () => Inline(probe), null);
        var probeRange = new TermRange(0, probe);
        var probeKey = GrainKeys.NewBase();
        var (firstWith, warmWith) = await PairsAsync(
            2 * settings.Tasks,
            i => context.Grains.GetGrain<INumberCruncherGrain>(probeKey + 1 + i).SumTerms(probeRange, cancellationToken).AsTask(),
            () => warm.SumTerms(probeRange, cancellationToken).AsTask(),
            null);
        return new SpawnCosts(secondsPerTerm, threads.Timed, task, activation, warmCall, inProcess, process, missing, Differences(threadWith, threadWithout), Differences(firstWith, warmWith), threads.QueuedShare);
    }

    /// <summary>The task on a thread started for it, joined.</summary>
    private static Task OnNewThread(long terms)
    {
        var thread = new Thread(() => LeibnizKernel.Scalar(0, terms));
        thread.Start();
        thread.Join();
        return Task.CompletedTask;
    }

    /// <summary>The task on the caller's thread.</summary>
    private static Task Inline(long terms)
    {
        LeibnizKernel.Scalar(0, terms);
        return Task.CompletedTask;
    }

    private static Spread Differences(List<double> with, List<double> without) => Spread.Of(with.Zip(without, (a, b) => a - b));

    /// <summary>Each task of the break-even size on a fresh grain (its first call), paired with one on a warm grain.</summary>
    private static Task<Measured<SpawnFigures>> FreshActivationsAsync(StrategyRun<SpawnSettings, SpawnCosts> run)
    {
        var range = new TermRange(0, run.Costs.BreakEvenTaskTerms);
        var warm = run.Grains.GetGrain<INumberCruncherGrain>(run.KeyBase);
        return BreakEvenAsync(
            run,
            () => warm.SumTerms(new TermRange(0, 0), run.CancellationToken).AsTask(),
            i => run.Grains.GetGrain<INumberCruncherGrain>(run.KeyBase + 1 + i).SumTerms(range, run.CancellationToken).AsTask(),
            () => warm.SumTerms(range, run.CancellationToken).AsTask());
    }

    /// <summary>Each task of the thread's break-even size on a thread started for it, paired with one run on the caller's thread.</summary>
    private static Task<Measured<SpawnFigures>> NewThreadsAsync(StrategyRun<SpawnSettings, SpawnCosts> run)
    {
        var terms = run.Costs.ThreadTaskTerms;
        return BreakEvenAsync(run, () => Task.CompletedTask, _ => OnNewThread(terms), () => Inline(terms));
    }

    /// <summary>The break-even pairs of one strategy, timed as a whole, and the start's share: the median of the pairs' differences over the median task without a start.</summary>
    private static async Task<Measured<SpawnFigures>> BreakEvenAsync(
        StrategyRun<SpawnSettings, SpawnCosts> run, Func<Task> warmUp, Func<int, Task> started, Func<Task> unstarted)
    {
        await warmUp();
        using var progress = run.Progress(run.Settings.Tasks);
        var ((with, without), total) = await Measure.SecondsAsync(() => PairsAsync(run.Settings.Tasks, started, unstarted, () => progress.Advance()));
        var baseline = Spread.Of(without);
        return new Measured<SpawnFigures>(total, new SpawnFigures(run.Costs.TaskTermsOf(run.Strategy), Spread.Of(with), baseline, Differences(with, without).MedianMs / baseline.MedianMs));
    }

    /// <summary>
    /// Runs <paramref name="count"/> tasks in pairs, one with a fresh start and one without, alternating which goes
    /// first so a drift in the machine's load favours neither; each is timed.
    /// </summary>
    private static async Task<(List<double> With, List<double> Without)> PairsAsync(int count, Func<int, Task> started, Func<Task> unstarted, Action? pairDone)
    {
        var (with, without) = (new List<double>(count), new List<double>(count));
        for (var i = 0; i < count; i++)
        {
            var index = i;
            if (i % 2 == 0)
            {
                with.Add(await TimeAsync(() => started(index)));
                without.Add(await TimeAsync(unstarted));
            }
            else
            {
                without.Add(await TimeAsync(unstarted));
                with.Add(await TimeAsync(() => started(index)));
            }

            pairDone?.Invoke();
        }

        return (with, without);

        static async Task<double> TimeAsync(Func<Task> task) => (await Measure.SecondsAsync(async () =>
        {
            await task();
            return 0;
        })).Seconds;
    }

    /// <summary>
    /// The share the start adds to a task of its break-even size, as the model has it: the start's cost over the task
    /// without it. It is <see cref="StartShare"/> by construction, unless the task was held at one term.
    /// </summary>
    public static double ModelledShare(IStrategy strategy, SpawnCosts costs) =>
        strategy == FreshActivations ? costs.ActivationOverheadSeconds / (costs.WarmCall.MedianSeconds + (costs.BreakEvenTaskTerms * costs.SecondsPerTerm))
        : strategy == NewThreads ? costs.ThreadUnderWork.MedianSeconds / (costs.ThreadTaskTerms * costs.SecondsPerTerm)
        : throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "not a spawn strategy");

    protected override void Judge(Judgement judgement, SpawnSettings settings, ClusterShape shape, SpawnCosts costs, IReadOnlyList<Outcome<SpawnFigures>> outcomes)
    {
        // A thread's start is judged on its own starts' interval. On a machine whose cores others hold, a start that
        // fails the ceiling may be mostly the wait for a core: if what is left without that wait is under the ceiling,
        // the stopwatch measured the machine's load, and the claim is not judged. A start slow on a free core fails.
        var ceilingMs = ThreadCeiling.TotalMilliseconds;
        var busy = costs.Thread.MedianMs > ceilingMs && costs.ThreadNetMs <= ceilingMs;
        var threadRule = $"\"microseconds\": pass if under {ceilingMs:0} ms";
        if (busy)
        {
            judgement.NotJudged(
                $"the machine was busy: starting a thread spent {costs.ThreadQueuedShare:0%} of its time waiting for a core (the kernel's run queue), so the " +
                $"{Judgement.F(costs.Thread.MedianMs)} ms measured is mostly that wait ({Judgement.F(costs.ThreadNetMs!.Value)} ms without it); \"microseconds\" is not judged");
        }
        else if (costs.Thread.Seconds is { } starts)
        {
            judgement.AtMostOnce($"{ThreadStep} start", [.. starts.Select(s => s * 1e3)], costs.Thread.MedianMs, ceilingMs, threadRule, " ms");
        }
        else
        {
            judgement.AtMost($"{ThreadStep} start", costs.Thread.MedianMs, costs.Thread.MedianMs, ceilingMs, threadRule, " ms");
        }

        judgement.Exact(
            "the ladder's order",
            costs.Task.MedianMs <= costs.Thread.MedianMs && costs.WarmCall.MedianMs <= costs.Activation.MedianMs && (costs.InProcessSilo is not { } s || costs.SiloProcess is not { } p || s.MedianMs <= p.MedianMs),
            $"task {Judgement.F(costs.Task.MedianMs)} vs thread {Judgement.F(costs.Thread.MedianMs)} ms, warm call {Judgement.F(costs.WarmCall.MedianMs)} vs activation {Judgement.F(costs.Activation.MedianMs)} ms" +
                (costs.InProcessSilo is { } a && costs.SiloProcess is { } b ? $", silo in process {Judgement.F(a.MedianMs)} vs silo process {Judgement.F(b.MedianMs)} ms" : ""),
            "a queued task no dearer than a thread (the pool reuses threads), a warm call no dearer than a first one, a silo in this process no dearer than a silo process");
        foreach (var step in costs.Ladder)
        {
            judgement.Note(step.Cost is { } cost
                ? $"{step.Step}: {cost}; break-even task {step.BreakEvenTerms:N0} terms ({Judgement.F(step.BreakEvenTerms!.Value * costs.SecondsPerTerm * 1e3)} ms of work)"
                : $"{step.Step}: not measured ({step.NotMeasured})");
        }

        judgement.Note($"under {Judgement.F(ProbeWork.TotalMilliseconds)} ms of work, a thread started for the task adds {costs.ThreadUnderWork} and a fresh activation {costs.ActivationUnderWork}: the break-even sizes are modelled on these");
        if (busy)
        {
            // The thread's start measured the machine's load: a ratio over it says nothing of the start either.
            judgement.Note($"a silo start over a thread start is not judged: the thread's start measured the wait for a core");
        }
        else if (costs.SiloProcess is { } process)
        {
            RatioOverThread(judgement, $"{SiloProcessStep} start over a {ThreadStep} start", process, costs.Thread, $"\"10-50 ms versus microseconds\": pass if >= {ProcessOverThread:0}x");
            judgement.Note($"the article's 10-50 ms is a forked Python interpreter; a silo process boots a .NET runtime and a silo: {Judgement.F(process.MedianMs)} ms here");
        }
        else if (costs.InProcessSilo is { } silo)
        {
            // Without the process rung, the heaviest rung measured stands in: a silo process costs at least as much.
            RatioOverThread(judgement, $"{InProcessSiloStep} start over a {ThreadStep} start (the {SiloProcessStep} rung not measured: {costs.SiloProcessMissing})", silo, costs.Thread, $"a silo process costs at least this: pass if >= {ProcessOverThread:0}x");
        }
        else
        {
            judgement.NotJudged($"neither silo rung was measured ({costs.SiloProcessMissing}; --silo-starts 0), so a process against a thread cannot be judged");
        }

        if (outcomes.Count == 0)
        {
            judgement.NotJudged("no break-even strategy ran");
        }

        foreach (var o in outcomes)
        {
            if (o.Strategy == FreshActivations && costs.ActivationOverheadSeconds <= 0)
            {
                judgement.NotJudged($"a first call measured no dearer than a warm one ({costs.Activation} against {costs.WarmCall}), so there is no start cost to break even with");
                continue;
            }

            judgement.WithinFactor($"{o.Name}: the start's share of a {o.Figures.TaskTerms:N0}-term task", o.Figures.OverheadShare, ModelledShare(o.Strategy, costs), ShareTolerance);
        }
    }

    /// <summary>
    /// A silo's start over a thread's, decided on the silo's own starts (seconds each, a few of them), each over the
    /// thread's median: that median, of hundreds of starts, moves by a few percent where the silo's starts move by tens.
    /// </summary>
    private static void RatioOverThread(Judgement judgement, string figure, Spread silo, Spread thread, string rule)
    {
        var ratio = silo.MedianMs / thread.MedianMs;
        if (silo.Seconds is { } starts)
        {
            judgement.AtLeastOnce(figure, [.. starts.Select(s => s * 1e3 / thread.MedianMs)], ratio, ProcessOverThread, rule, "x");
        }
        else
        {
            judgement.AtLeast(figure, ratio, ratio, ProcessOverThread, rule, "x");
        }
    }

    /// <summary>Python's own ladder on this machine: a thread start, and a process start with fork, spawn and forkserver.</summary>
    public override PythonTwin? Twin(SpawnSettings settings) => PythonTwins.Spawn(settings.Samples);

    protected override string Why(SpawnSettings settings, ClusterShape shape, SpawnCosts costs) =>
        $"A thread costs {Judgement.F(costs.Thread.MedianMs * 1e3)} µs to start and a queued task {Judgement.F(costs.Task.MedianMs * 1e3)} µs: the pool keeps its threads. " +
        $"Started for {Judgement.F(ProbeWork.TotalMilliseconds)} ms of work, a thread adds {Judgement.F(costs.ThreadUnderWork.MedianMs * 1e3)} µs: its caller sleeps in Join and is woken when it ends. " +
        $"A grain's first call ({Judgement.F(costs.Activation.MedianMs * 1e3)} µs) builds its activation, which later calls ({Judgement.F(costs.WarmCall.MedianMs * 1e3)} µs) reuse, so an actor is cheap to start and cheaper to keep. " +
        "A silo, in this process or its own, starts a whole runtime of schedulers, directory and membership: seconds, not microseconds. " +
        $"A task of {costs.BreakEvenTaskTerms:N0} terms ({Judgement.F(costs.BreakEvenTaskTerms * costs.SecondsPerTerm * 1e3)} ms) is where an activation stops mattering; start a process only for work far longer than its start.";
}
