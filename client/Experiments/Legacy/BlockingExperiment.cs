using System.CommandLine;
using System.Diagnostics;
using Concurrency.Abstractions;
using Concurrency.Client.Results;
using Concurrency.Hosting.Cli;

namespace Concurrency.Client.Experiments;

/// <summary>Settings of <see cref="BlockingExperiment"/>.</summary>
public sealed record BlockingSettings(int Count, TimeSpan Latency, int Grains, IReadOnlyList<string> Strategies);

/// <summary>
/// The article's warning: "You can't call synchronous time.sleep() inside async code—that blocks the entire event loop."
///
/// <c>await</c> and <c>blocking-sleep</c> send the same fetches to one reentrant event-loop grain; only the wait differs.
/// An awaited wait hands the activation back, so the fetches overlap; a <see cref="Thread.Sleep(TimeSpan)"/> keeps the
/// turn, so they run one after another. <c>blocking-many</c> shows the second cost of blocking: grain turns run on the
/// .NET thread pool, so many grains that block at once hold every pool thread, and the pool adds threads slowly.
/// </summary>
public sealed class BlockingExperiment : LegacyExperiment<BlockingSettings>
{
    public const string Await = "await";
    public const string BlockingSleep = "blocking-sleep";
    public const string BlockingMany = "blocking-many";

    public const int MaxGrains = 512;

    /// <summary>
    /// The most blocked thread-seconds <c>blocking-many</c> may ask for. The pool adds roughly one or two threads a
    /// second when starved, so this keeps the run to seconds, and every call well inside the response timeout.
    /// </summary>
    public static readonly TimeSpan MaxBlockedTime = TimeSpan.FromSeconds(128);

    public static Option<int?> GrainsOption { get; } = CliOptions.Count("--grains", $"How many grains block at once in {BlockingMany} (far more than cores).", 1, MaxGrains);

    public override string Name => "blocking";

    public override string Claim => "\"You can't call synchronous time.sleep() inside async code—that blocks the entire event loop.\"";

    public override IReadOnlyList<string> Strategies { get; } = [Await, BlockingSleep, BlockingMany];

    public override IReadOnlyList<Option> Options { get; } = [LegacyOptions.Count, LegacyOptions.Latency, GrainsOption, LegacyOptions.Strategy];

    public override BlockingSettings Bind(ExperimentArgs args)
    {
        var settings = new BlockingSettings(
            args.Get(LegacyOptions.Count, 5),
            args.Get(LegacyOptions.Latency, TimeSpan.FromSeconds(1), quickDefault: TimeSpan.FromMilliseconds(250)),
            args.Get(GrainsOption, 64, quickDefault: 32),
            args.StrategiesOf(this));
        var (count, latency, grains) = (settings.Count, settings.Latency, settings.Grains);

        if (settings.Strategies.Contains(Await) || settings.Strategies.Contains(BlockingSleep))
        {
            if (count > AsyncFetchExperiment.MaxCalls)
            {
                throw new UsageException($"--count {count:N0} is more than the {AsyncFetchExperiment.MaxCalls:N0} concurrent calls {Name} may send to one grain.");
            }

            var sizes = $"--count {count:N0} with --latency {DurationText.Format(latency)}";
            ResponseBudget.Check(Name, BlockingSleep, latency * count, sizes, $"give fewer or shorter fetches, or --strategy {BlockingMany}");
        }

        if (settings.Strategies.Contains(BlockingMany) && latency * grains > MaxBlockedTime)
        {
            throw new UsageException(
                $"--grains {grains} with --latency {DurationText.Format(latency)} asks {BlockingMany} to block {DurationText.Format(latency * grains)} of thread time, over its {DurationText.Format(MaxBlockedTime)} budget: a starved pool adds threads slowly, and the last calls would time out. Give fewer grains or a shorter latency.");
        }

        return settings;
    }

    public override Task<ExperimentResult> RunAsync(ExperimentContext context, BlockingSettings settings, CancellationToken cancellationToken)
    {
        var key = GrainKeys.NewBase();
        var (count, latency) = (settings.Count, settings.Latency);
        return RunStrategiesAsync(
            context,
            settings.Strategies,
            new Dictionary<string, object?> { ["count"] = count, ["latencySeconds"] = latency.TotalSeconds, ["grains"] = settings.Grains },
            strategy => strategy switch
            {
                Await => ConcurrentCalls.FetchEachAsync(context, $"{Name}/{Await}", Await, context.Grains.GetGrain<IReentrantEventLoopGrain>(key), count, latency, latency.TotalSeconds, cancellationToken),
                BlockingSleep => RunBlockingSleepAsync(context, settings, context.Grains.GetGrain<IReentrantEventLoopGrain>(key + 1), cancellationToken),
                BlockingMany => RunBlockingManyAsync(context, settings, key + 2, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(settings), strategy, "unknown strategy"),
            },
            strategies => Judge(settings, strategies),
            cancellationToken);
    }

    private async Task<StrategyResult> RunBlockingSleepAsync(ExperimentContext context, BlockingSettings settings, IReentrantEventLoopGrain loop, CancellationToken cancellationToken)
    {
        var threads = context.Grains.GetGrain<IThreadPoolGrain>(0);
        await ConcurrentCalls.WarmAsync([loop], cancellationToken);
        var before = await threads.Snapshot(cancellationToken);

        using var progress = context.Progress.Start($"{Name}/{BlockingSleep}", settings.Count);
        var (turns, _, seconds) = await ConcurrentCalls.RunAsync(settings.Count, progress, i => loop.FetchBlocking(Request(settings, i), cancellationToken));

        var metrics = new Dictionary<string, object?> { ["fetches"] = turns.Length };
        AddTurnMetrics(metrics, turns, before.TurnWarningThreshold);
        return LegacyResults.Strategy(BlockingSleep, settings.Count * settings.Latency.TotalSeconds, seconds, metrics);
    }

    private async Task<StrategyResult> RunBlockingManyAsync(ExperimentContext context, BlockingSettings settings, long keyBase, CancellationToken cancellationToken)
    {
        var threads = context.Grains.GetGrain<IThreadPoolGrain>(0);
        var loops = Enumerable.Range(0, settings.Grains).Select(i => context.Grains.GetGrain<IReentrantEventLoopGrain>(keyBase + i)).ToList();
        await ConcurrentCalls.WarmAsync(loops, cancellationToken);
        var before = await threads.Snapshot(cancellationToken);

        using var progress = context.Progress.Start($"{Name}/{BlockingMany}", settings.Grains);
        var (turns, completedAt, seconds) = await ConcurrentCalls.RunAsync(settings.Grains, progress, i => loops[i].FetchBlocking(Request(settings, i), cancellationToken));

        // The silo answers again once the blocked turns are done: time one more call to show it is responsive.
        var asked = Stopwatch.GetTimestamp();
        var after = await threads.Snapshot(cancellationToken);
        var answerSeconds = Stopwatch.GetElapsedTime(asked).TotalSeconds;

        // A call completes when its turn ends, so it started blocking one turn length earlier: the latest such start
        // is how long the last grain waited for a free thread.
        var lastStart = completedAt.Zip(turns, (done, turn) => done - turn.Length.TotalSeconds).Max();
        var metrics = new Dictionary<string, object?>
        {
            ["grains"] = settings.Grains,
            ["processorCount"] = before.ProcessorCount,
            ["minThreads"] = before.MinWorkerThreads,
            ["threadsBefore"] = before.ThreadCount,
            ["threadsAfter"] = after.ThreadCount,
            ["mostThreadsSeen"] = Math.Max(after.ThreadCount, turns.Max(t => t.PoolThreadsAtStart)),
            ["threadsAddedPerSecond"] = Math.Round((after.ThreadCount - before.ThreadCount) / seconds, 2),
            ["lastGrainWaitedSeconds"] = Math.Max(0, lastStart),
            ["siloAnswerAfterMs"] = Math.Round(answerSeconds * 1e3, 1),
        };
        AddTurnMetrics(metrics, turns, before.TurnWarningThreshold);
        return LegacyResults.Strategy(BlockingMany, settings.Latency.TotalSeconds, seconds, metrics);
    }

    /// <summary>
    /// <c>longTurns</c> counts the requests that blocked past Orleans' turn warning threshold, as each measured itself.
    /// Orleans times work items, and one work item can run several queued requests back to back, so its log may show
    /// fewer, longer warnings than there were long requests.
    /// </summary>
    private static void AddTurnMetrics(Dictionary<string, object?> metrics, BlockedTurn[] turns, TimeSpan threshold)
    {
        metrics["longTurns"] = turns.Count(t => t.Length > threshold);
        metrics["turnWarningSeconds"] = threshold.TotalSeconds;
        metrics["longestTurnSeconds"] = turns.Max(t => t.Length).TotalSeconds;
    }

    private static DownloadRequest Request(BlockingSettings settings, int i) => new($"api{i}", settings.Latency, 0);

    private static (bool Holds, string Explanation) Judge(BlockingSettings settings, IReadOnlyList<StrategyResult> strategies)
    {
        var latency = settings.Latency.TotalSeconds;
        var verdict = new LegacyVerdict();
        if (strategies.FirstOrDefault(s => s.Name == Await) is { } awaited)
        {
            var limit = AsyncFetchExperiment.OneLatencyTolerance * latency;
            verdict.Check(awaited.MeasuredSeconds <= limit,
                $"{Await} took {awaited.MeasuredSeconds:0.###} s for {settings.Count} fetches, about one latency of {latency:0.###} s (allowed up to {AsyncFetchExperiment.OneLatencyTolerance}x: {limit:0.###} s)");
        }

        if (strategies.FirstOrDefault(s => s.Name == BlockingSleep) is { } sleep)
        {
            var floor = AsyncFetchExperiment.SumTolerance * settings.Count * latency;
            verdict.Check(sleep.MeasuredSeconds >= floor,
                $"{BlockingSleep} took {sleep.MeasuredSeconds:0.###} s, the sum of its {settings.Count} sleeps ({settings.Count * latency:0.###} s, at least {AsyncFetchExperiment.SumTolerance}x required)");
        }

        if (strategies.FirstOrDefault(s => s.Name == BlockingMany) is { } many && many.Legacy() is { } metrics)
        {
            var threadsBefore = Convert.ToInt32(metrics["threadsBefore"]);
            var text = $"{BlockingMany}: {settings.Grains} grains each blocking {latency:0.###} s took {many.MeasuredSeconds:0.###} s against the naive model of one latency; " +
                $"the pool had {threadsBefore} threads (minimum {metrics["minThreads"]}, {metrics["processorCount"]} cores) and {metrics["threadsAfter"]} after, " +
                $"the last grain waited {Convert.ToDouble(metrics["lastGrainWaitedSeconds"]):0.###} s for a thread, {metrics["longTurns"]} turns ran past Orleans' " +
                $"{Convert.ToDouble(metrics["turnWarningSeconds"]):0.###} s warning threshold, and the silo answered {metrics["siloAnswerAfterMs"]} ms after";
            if (threadsBefore < settings.Grains)
            {
                var floor = 1.5 * latency;
                verdict.Check(many.MeasuredSeconds >= floor, $"{text} (with fewer threads than grains, at least 1.5x one latency: {floor:0.###} s)");
            }
            else
            {
                verdict.Note($"{text} (the pool already had a thread per grain, so nothing had to wait)");
            }
        }

        return verdict.Explain(
            "A reentrant grain interleaves requests only at awaits, like asyncio's loop; Thread.Sleep never awaits, so each sleep holds " +
            "the activation and the requests run one after another, as time.sleep() stalls every coroutine. Blocking also holds a thread: " +
            "grain turns run on the .NET thread pool, which starts with about one thread per core and, when every thread is blocked, " +
            "adds threads slowly (hill climbing and starvation detection inject one or two a second), so blocked grains queue for threads " +
            "and the silo's other work queues with them. Orleans logs a warning for a work item past its turn threshold (see the silo's log); longTurns counts the blocked requests past it.");
    }
}
