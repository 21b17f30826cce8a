using System.Diagnostics;
using Concurrency.Abstractions;
using Concurrency.Abstractions.Logging;
using Concurrency.Cli;
using Concurrency.Client.Python;
using Concurrency.Client.Results;
using Concurrency.Hosting;

namespace Concurrency.Client.Experiments;

/// <summary>
/// The article's warning: "You can't call synchronous time.sleep() inside async code—that blocks the entire event loop."
///
/// <c>await</c> and <c>blocking-sleep</c> send the same fetches to one reentrant event-loop grain; only the wait differs.
/// An awaited wait hands the activation back, so the fetches overlap; a <see cref="Thread.Sleep(TimeSpan)"/> keeps the
/// turn, so they run one after another. <c>blocking-many</c> shows the second cost of blocking: grain turns run on the
/// .NET thread pool, so many grains that block at once hold every pool thread, and the pool adds threads slowly.
/// </summary>
public sealed class BlockingExperiment : Experiment<BlockingSettings, BlockingCosts, BlockingFigures>
{
    /// <summary>The fetches on one reentrant grain, each awaiting its wait: they overlap, so they take one latency.</summary>
    public static readonly Strategy Await = new("await", AwaitAsync, (settings, _, _) => new(settings.Latency.TotalSeconds));

    /// <summary>The same fetches, each a sleep that keeps its turn: they add up.</summary>
    public static readonly Strategy BlockingSleep = new("blocking-sleep", BlockingSleepAsync, (settings, _, _) => new(settings.Count * settings.Latency.TotalSeconds));

    /// <summary>
    /// A blocking fetch on each of many grains at once: the silo's pool runs as many sleeps at once as it has threads
    /// (R, ready at the start), and while all of them are blocked adds about r threads a second; the grains are done
    /// when the threads' working time, R·t + r·t²/2, covers the G sleeps of latency L, and never before one latency.
    /// On a machine whose pool already has a thread per grain, that is one latency.
    /// </summary>
    public static readonly Strategy BlockingMany = new("blocking-many", BlockingManyAsync, (settings, _, costs) =>
        new(PoolDrainSeconds(settings.Grains, settings.Latency.TotalSeconds, costs.ReadyThreads, InjectedThreadsPerSecond)));

    public const int MaxGrains = 512;

    /// <summary>The most concurrent calls await and blocking-sleep send to their one grain.</summary>
    public const int MaxCalls = 10_000;

    /// <summary>await may take at most this many latencies: its fetches overlap, so one latency and the calls' cost.</summary>
    public const double AwaitSlack = 1.5;

    /// <summary>blocking-sleep must take at least this share of its sleeps one after another.</summary>
    public const double SumTolerance = 0.95;

    /// <summary>
    /// The threads the .NET pool adds a second while every thread is blocked: its gate thread looks every 500 ms and
    /// adds one when queued work has waited (starvation injection). Hill climbing may add more.
    /// </summary>
    public const double InjectedThreadsPerSecond = 2;

    /// <summary>blocking-many must take at least this share of its model: less would mean the pool had threads the model did not count.</summary>
    public const double PoolFloor = 0.5;

    /// <summary>
    /// The most blocked thread-seconds <c>blocking-many</c> may ask for. The pool adds roughly one or two threads a
    /// second when starved, so this keeps the run to seconds, and every call well inside the response timeout.
    /// </summary>
    public static readonly TimeSpan MaxBlockedTime = TimeSpan.FromSeconds(128);

    private static readonly Setting<int> Count = new(ExperimentOptions.Count(), 5);
    private static readonly Setting<TimeSpan> Latency = new(ExperimentOptions.Latency(), TimeSpan.FromSeconds(1), quick: TimeSpan.FromMilliseconds(250), why: "a second per call makes a blocked turn hundreds of times any scheduling noise, and past Orleans' long-turn warning");
    private static readonly Setting<int> Grains = new(CliOptions.Count("--grains", $"How many grains block at once in {BlockingMany} (far more than cores).", 1, MaxGrains), 64, quick: 32, why: "far more blocked grains than cores, so the pool must grow threads to serve them and the wait shows");

    public override string Name => "blocking";

    public override string Claim => "\"You can't call synchronous time.sleep() inside async code—that blocks the entire event loop.\"";

    public override IReadOnlyList<ISetting> Settings => [Count, Latency, Grains];

    public override IReadOnlyList<string> SoakArguments => ["--count", "20", "--latency", "50ms", "--grains", "4"];

    public override IReadOnlyList<Strategy> Strategies { get; } = [Await, BlockingSleep, BlockingMany];

    protected override IReadOnlyList<Column> Columns =>
    [
        new("fetches", o => $"{o.Figures.Fetches - o.Figures.Failed}/{o.Figures.Fetches}"),
        new("long turns", o => o.Figures.LongTurns is { } n ? $"{n} (longest {Judgement.F(o.Figures.LongestTurnSeconds ?? 0)} s)" : "-"),
        new("pool threads", o => o.Figures.Pool is { } p ? $"{p.ThreadsBefore} -> {p.ThreadsAfter}, last waited {Judgement.F(p.LastGrainWaitedSeconds)} s" : "-"),
    ];

    public override BlockingSettings Bind(SettingValues values)
    {
        var settings = new BlockingSettings(values.Get(Count), values.Get(Latency), values.Get(Grains));
        var (count, latency, grains) = (settings.Count, settings.Latency, settings.Grains);

        if (values.Runs(Await) || values.Runs(BlockingSleep))
        {
            if (count > MaxCalls)
            {
                throw new UsageException($"--count {count:N0} is more than the {MaxCalls:N0} concurrent calls {Name} may send to one grain.");
            }

            var sizes = $"--count {count:N0} with --latency {DurationText.Format(latency)}";
            ResponseBudget.Check(Name, BlockingSleep, latency * count, sizes, $"give fewer or shorter fetches, or --strategy {BlockingMany}");
        }

        if (values.Runs(BlockingMany) && latency * grains > MaxBlockedTime)
        {
            throw new UsageException(
                $"--grains {grains} with --latency {DurationText.Format(latency)} asks {BlockingMany} to block {DurationText.Format(latency * grains)} of thread time, over its {DurationText.Format(MaxBlockedTime)} budget: a starved pool adds threads slowly, and the last calls would time out. Give fewer grains or a shorter latency.");
        }

        return settings;
    }

    protected override async Task<BlockingCosts> MeasureCostsAsync(ExperimentContext context, BlockingSettings settings, CancellationToken cancellationToken)
    {
        var pool = await context.Grains.GetGrain<IThreadPoolGrain>(0).Snapshot(cancellationToken);
        return new BlockingCosts(pool.ThreadCount, pool.MinWorkerThreads, pool.ProcessorCount, pool.TurnWarningThreshold.TotalSeconds);
    }

    /// <summary>The fetches sent at once to one reentrant grain, each awaiting its wait: they interleave at the awaits.</summary>
    private static async Task<Measured<BlockingFigures>> AwaitAsync(StrategyRun<BlockingSettings, BlockingCosts> run)
    {
        var loop = run.Grains.GetGrain<IReentrantEventLoopGrain>(run.KeyBase);
        await ConcurrentCalls.WarmAsync([loop], run.CancellationToken);
        using var progress = run.Progress(run.Settings.Count);
        var (results, _, seconds) = await ConcurrentCalls.RunAsync(run.Settings.Count, progress, i => loop.Fetch(Request(run.Settings, i), run.CancellationToken));
        return new Measured<BlockingFigures>(seconds, new BlockingFigures(results.Length, results.Count(r => !r.Succeeded)));
    }

    /// <summary>The same fetches, each a <see cref="Thread.Sleep(TimeSpan)"/> that keeps its turn: the grain takes them one at a time.</summary>
    private static async Task<Measured<BlockingFigures>> BlockingSleepAsync(StrategyRun<BlockingSettings, BlockingCosts> run)
    {
        var loop = run.Grains.GetGrain<IReentrantEventLoopGrain>(run.KeyBase);
        await ConcurrentCalls.WarmAsync([loop], run.CancellationToken);
        using var progress = run.Progress(run.Settings.Count);
        var (turns, _, seconds) = await ConcurrentCalls.RunAsync(run.Settings.Count, progress, i => loop.FetchBlocking(Request(run.Settings, i), run.CancellationToken));
        return new Measured<BlockingFigures>(seconds, Blocked(turns, run.Costs) with { Fetches = turns.Length });
    }

    /// <summary>One blocking fetch on each of many grains at once: each blocked turn holds a thread of the silo's pool.</summary>
    private static async Task<Measured<BlockingFigures>> BlockingManyAsync(StrategyRun<BlockingSettings, BlockingCosts> run)
    {
        var threads = run.Grains.GetGrain<IThreadPoolGrain>(0);
        var loops = Enumerable.Range(0, run.Settings.Grains).Select(i => run.Grains.GetGrain<IReentrantEventLoopGrain>(run.KeyBase + i)).ToList();
        await ConcurrentCalls.WarmAsync(loops, run.CancellationToken);
        var before = await threads.Snapshot(run.CancellationToken);

        using var progress = run.Progress(run.Settings.Grains);
        var (turns, completedAt, seconds) = await ConcurrentCalls.RunAsync(run.Settings.Grains, progress, i => loops[i].FetchBlocking(Request(run.Settings, i), run.CancellationToken));

        // The silo answers again once the blocked turns are done: time one more call to show it is responsive.
        var asked = Stopwatch.GetTimestamp();
        var after = await threads.Snapshot(run.CancellationToken);
        var answerSeconds = Stopwatch.GetElapsedTime(asked).TotalSeconds;

        // A call completes when its turn ends, so it started blocking one turn length earlier: the latest such start
        // is how long the last grain waited for a free thread.
        var lastStart = completedAt.Zip(turns, (done, turn) => done - turn.Length.TotalSeconds).Max();
        var pool = new PoolFigures(
            before.ThreadCount,
            after.ThreadCount,
            Math.Max(after.ThreadCount, turns.Max(t => t.PoolThreadsAtStart)),
            Math.Round((after.ThreadCount - before.ThreadCount) / seconds, 2),
            Math.Max(0, lastStart),
            Math.Round(answerSeconds * 1e3, 1));
        return new Measured<BlockingFigures>(seconds, Blocked(turns, run.Costs) with { Fetches = turns.Length, Pool = pool });
    }

    /// <summary>
    /// <c>longTurns</c> counts the requests that blocked past Orleans' turn warning threshold, as each measured itself.
    /// Orleans times work items, and one work item can run several queued requests back to back, so its log may show
    /// fewer, longer warnings than there were long requests.
    /// </summary>
    private static BlockingFigures Blocked(BlockedTurn[] turns, BlockingCosts costs) =>
        new(turns.Length, 0, turns.Count(t => t.Length.TotalSeconds > costs.TurnWarningSeconds), turns.Max(t => t.Length).TotalSeconds);

    private static DownloadRequest Request(BlockingSettings settings, int i) => new($"api{i}", settings.Latency, 0);

    /// <summary>When <paramref name="grains"/> sleeps of <paramref name="latency"/> are done on a pool of <paramref name="ready"/> threads that adds <paramref name="injected"/> a second.</summary>
    public static double PoolDrainSeconds(int grains, double latency, int ready, double injected)
    {
        if (grains <= ready)
        {
            return latency;
        }

        // Solve ready·t + injected·t²/2 = grains·latency for t.
        var t = (-ready + Math.Sqrt(((double)ready * ready) + (2 * injected * grains * latency))) / injected;
        return Math.Max(latency, t);
    }

    protected override void Judge(Judgement judgement, BlockingSettings settings, ClusterShape shape, BlockingCosts costs, IReadOnlyList<Outcome<BlockingFigures>> outcomes)
    {
        var latency = settings.Latency.TotalSeconds;
        judgement.Exact("every fetch answered", outcomes.All(o => o.Figures.Failed == 0), $"{outcomes.Sum(o => o.Figures.Failed)} failed", "0 failed");

        var awaited = outcomes.Of(Await);
        var sleep = outcomes.Of(BlockingSleep);
        if (awaited is not null)
        {
            judgement.AtMost($"{Await}: {settings.Count} fetches on one reentrant grain", awaited.Seconds, awaited.Model.Seconds, AwaitSlack * latency, $"pass if <= {AwaitSlack} x one latency = {Judgement.F(AwaitSlack * latency)} s (they overlap)", " s");
        }

        if (sleep is not null)
        {
            var floor = SumTolerance * sleep.Model.Seconds;
            judgement.AtLeast($"{BlockingSleep}: the same fetches, sleeping", sleep.Seconds, sleep.Model.Seconds, floor, $"pass if >= {SumTolerance} x the sum of the sleeps = {Judgement.F(floor)} s (one turn at a time)", " s");
        }

        if (awaited is null || sleep is null)
        {
            judgement.NotJudged($"the event-loop claim compares {BlockingSleep} with {Await} on the same grain; {(awaited is null ? Await : BlockingSleep)} did not run");
        }
        else if (settings.Count == 1)
        {
            judgement.NotJudged($"one fetch has no other fetch to stall: give --count 2 or more");
        }

        if (outcomes.Of(BlockingMany) is { } many)
        {
            var pool = many.Figures.Pool;
            judgement.Note(
                $"{BlockingMany}: the pool had {pool?.ThreadsBefore} threads (minimum {costs.MinThreads}, {costs.SiloProcessorCount} cores) and {pool?.ThreadsAfter} after, " +
                $"{Judgement.F(pool?.ThreadsAddedPerSecond ?? 0)} added a second; the last grain waited {Judgement.F(pool?.LastGrainWaitedSeconds ?? 0)} s for a thread; " +
                $"{many.Figures.LongTurns} turns ran past Orleans' {Judgement.F(costs.TurnWarningSeconds)} s warning threshold; the silo answered {pool?.SiloAnswerAfterMs} ms after");

            // Each round on the pool it started with: the threads a round injected stay a while, so a later round
            // starts with more ready threads and drains sooner, which the costs read before the first round cannot say.
            var round = pool is { } p ? costs with { PoolThreads = p.ThreadsBefore } : costs;
            var figure = $"{BlockingMany}: {settings.Grains} grains blocking at once";
            if (settings.Grains <= round.ReadyThreads)
            {
                var reason = $"the silo's pool already had {round.ReadyThreads} threads for {settings.Grains} grains, so no grain had to wait for one";
                if (pool is null)
                {
                    judgement.NotJudged($"{reason}: give more --grains");
                }
                else
                {
                    judgement.Unread(figure, reason);
                }
            }
            else
            {
                var model = BlockingMany.Model(settings, shape, round).Seconds;
                var floor = PoolFloor * model;
                judgement.AtLeast(
                    figure,
                    many.Seconds,
                    model,
                    floor,
                    $"pass if >= {PoolFloor} x model = {Judgement.F(floor)} s on the round's {round.ReadyThreads} ready threads (hill climbing may add threads faster than {InjectedThreadsPerSecond} a second; one latency would mean no grain waited)",
                    " s");
            }
        }
    }

    /// <summary>
    /// A sleep past the turn warning threshold makes Orleans warn of at least one long turn, logged when the turn's
    /// work item ends, which can be after the last answer reached the client: the count waits a little for it.
    /// </summary>
    protected override ExpectedWarnings? PredictedWarnings(BlockingSettings settings, BlockingCosts costs, IReadOnlyList<Strategy> strategies) =>
        (strategies.Contains(BlockingSleep) || strategies.Contains(BlockingMany)) && settings.Latency.TotalSeconds > costs.TurnWarningSeconds
            ? new ExpectedWarnings(FrameworkWarningKind.LongTurn, AtLeast: 1, Within: TimeSpan.FromSeconds(5))
            : null;

    /// <summary>
    /// The claim predicts Orleans' long-turn warnings: a blocking call keeps its activation's turn, and its thread, for
    /// the whole sleep, so a sleep past the silo's turn warning threshold is warned of (fewer warnings than sleeps where
    /// one work item ran several queued requests back to back, see <see cref="Blocked"/>). The note says how many came.
    /// </summary>
    protected override string? WarningsNote(BlockingSettings settings, BlockingCosts costs, IReadOnlyList<Strategy> strategies, FrameworkWarnings warnings)
    {
        if (!strategies.Contains(BlockingSleep) && !strategies.Contains(BlockingMany))
        {
            return base.WarningsNote(settings, costs, strategies, warnings);
        }

        var (threshold, sleep) = ($"{Judgement.F(costs.TurnWarningSeconds)} s", DurationText.Format(settings.Latency));
        var longTurns = warnings.Of(FrameworkWarningKind.LongTurn);
        var said = longTurns > 0
            ? $"Orleans warned of {longTurns:N0} long {(longTurns == 1 ? "turn" : "turns")} (past its {threshold} threshold), as the claim predicts: a blocking call holds its activation's turn, and its thread, for the whole sleep"
            : settings.Latency.TotalSeconds > costs.TurnWarningSeconds
                ? $"Orleans warned of no long turn, though each sleep of {sleep} held its turn past the {threshold} threshold"
                : $"Orleans warned of no long turn: each sleep of {sleep} is under its {threshold} threshold, so no turn held long enough to be warned of";
        var others = warnings.Describe(except: FrameworkWarningKind.LongTurn);
        return $"{said}{(others.Length > 0 ? $"; it also logged {others}" : "")} ({WarningsShown})";
    }

    /// <summary>The article's Python for the same claim, run beside it with <c>--python</c>.</summary>
    public override PythonTwin? Twin(BlockingSettings settings) => PythonTwins.Blocking(settings.Count, settings.Latency);

    protected override string Why(BlockingSettings settings, ClusterShape shape, BlockingCosts costs) =>
        "A reentrant grain interleaves requests only at awaits, like asyncio's loop; Thread.Sleep never awaits, so each sleep holds " +
        "the activation and the requests run one after another, as time.sleep() stalls every coroutine. Blocking also holds a thread: " +
        $"grain turns run on the silo's .NET thread pool, which had {costs.PoolThreads} threads (minimum {costs.MinThreads}) and, when every thread is blocked, " +
        $"adds about {InjectedThreadsPerSecond} a second, so blocked grains queue for threads and the silo's other work queues with them. " +
        $"Orleans warns of a work item past {Judgement.F(costs.TurnWarningSeconds)} s (the notes count its warnings).";
}
