using System.Diagnostics;
using Concurrency.Abstractions;
using Concurrency.Cli;
using Concurrency.Client.Python;
using Concurrency.Client.Results;
using Concurrency.Hosting;

namespace Concurrency.Client.Experiments;

/// <summary>
/// The article's coloring problem: "You can't call a synchronous time.sleep() inside async code", so a codebase goes
/// all-in on async or splits. In a grain: async all the way works; sync over async (<c>.Wait()</c> on a grain call
/// inside a turn) holds the activation's thread, and a chain that calls back into the blocked grain deadlocks; the
/// bridge, <c>await Task.Run(blocking)</c> (asyncio.to_thread), runs the same blocking code off the turn, and the
/// activation stays responsive.
/// </summary>
public sealed class ColoringExperiment : Experiment<ColoringSettings, ColoringCosts, ColoringFigures>
{
    /// <summary>A awaits B all the way: each request takes B's latency and A is never held, so the pings stay at the idle floor.</summary>
    public static readonly Strategy AsyncAllTheWay = new("async", run => ChainAsync(run, g => g.HandleAsync), Unheld);

    /// <summary>
    /// A blocks on B's task inside its turn: each request deadlocks and holds A for the whole deadlock timeout T, with
    /// one round trip free between requests, so a ping waits as <see cref="HeldActivation"/> says for holds of T.
    /// </summary>
    public static readonly Strategy SyncOverAsync = new("sync-over-async", run => ChainAsync(run, g => g.HandleBlocking), (settings, _, costs) => new(
        settings.Requests * (settings.DeadlockTimeout.TotalSeconds + (costs.IdleP50Ms / 1e3)),
        costs.IdleP50Ms + HeldActivation.WaitMs(0.50, settings.DeadlockTimeout.TotalMilliseconds, costs.IdleP50Ms),
        costs.IdleP99Ms + HeldActivation.WaitMs(0.99, settings.DeadlockTimeout.TotalMilliseconds, costs.IdleP50Ms)));

    /// <summary>The same blocking wait inside await Task.Run: it holds a pool thread, not A, so it is modelled as async.</summary>
    public static readonly Strategy Bridge = new("bridge", run => ChainAsync(run, g => g.HandleBridged), Unheld);

    /// <summary>Beyond the grain's deadlock timeout, how long the client waits for the answer before it calls the silo stuck.</summary>
    public static readonly TimeSpan DetectionSlack = TimeSpan.FromSeconds(1);

    /// <summary>How long a further call may take after a strategy for the silo to count as recovered.</summary>
    public static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Async and bridged, the pings' p99 may exceed the idle floor by at most this share of B's latency: no ping waited out a blocked wait.</summary>
    public const double ResponsiveShareOfLatency = 0.5;

    /// <summary>Blocked, the pings' p99 must reach at least this share of its model: they really waited for the blocked turn.</summary>
    public const double BlockedShareOfModel = 0.5;

    public const int MaxRequests = 100;

    public const int MaxRate = 1_000;

    public const int IdlePings = 100;

    /// <summary>The longest the deadlocked strategy may take in all.</summary>
    public static readonly TimeSpan MaxBlocked = TimeSpan.FromMinutes(2);

    private static readonly Setting<int> Requests = new(CliOptions.Count("--requests", "How many requests, one after another, each a call chain A -> B -> A.", 1, MaxRequests), 3, quick: 2, why: "each request deadlocks for the whole timeout, so a few are enough and a tour stays short");
    private static readonly Setting<TimeSpan> Latency = new(
        CliOptions.Duration("--latency", "B's simulated I/O before it calls back into A, e.g. 200ms.", TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(5)),
        TimeSpan.FromMilliseconds(200), quick: TimeSpan.FromMilliseconds(100));
    private static readonly Setting<TimeSpan> DeadlockTimeout = new(
        CliOptions.Duration("--deadlock-timeout", "How long a blocking wait on a grain call waits before it gives up: the deadlock is found within it.", TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10),
            "a blocked turn must give up well within Orleans' 30 s response timeout"),
        TimeSpan.FromSeconds(2), quick: TimeSpan.FromSeconds(1));
    private static readonly Setting<int> Rate = new(CliOptions.Count("--rate", "Pings sent to A per second while the requests run.", 1, MaxRate), 100);

    public override string Name => "coloring";

    public override string Claim =>
        "\"You can't call a synchronous time.sleep() inside async code... your codebase either all-in on async or split.\" " +
        "Here: sync over async (.Wait() on a grain call inside a turn) deadlocks a call chain back into the grain, found within a stated timeout; async all the way and the bridge, await Task.Run(blocking) (asyncio.to_thread), keep the activation answering.";

    public override IReadOnlyList<ISetting> Settings => [Requests, Latency, DeadlockTimeout, Rate];

    public override IReadOnlyList<string> SoakArguments => [];

    public override IReadOnlyList<Strategy> Strategies { get; } = [AsyncAllTheWay, SyncOverAsync, Bridge];

    protected override IReadOnlyList<Column> Columns =>
    [
        new("deadlocks", o => o.Figures.Deadlocks == 0 ? $"0 of {o.Figures.Requests}" : $"{o.Figures.Deadlocks} of {o.Figures.Requests}, found in {o.Figures.LongestDeadlockSeconds:0.##} s"),
        new("ping p99 (model)", o => $"{o.Figures.P99Ms:0.#} ms ({o.Model.P99Ms:0.#})"),
        new("after", o => o.Figures.HealthyAfter ? "silo answers" : "SILO STUCK"),
    ];

    public override ColoringSettings Bind(SettingValues values)
    {
        var settings = new ColoringSettings(values.Get(Requests), values.Get(Latency), values.Get(DeadlockTimeout), values.Get(Rate));
        if (settings.Latency * 2 > settings.DeadlockTimeout)
        {
            throw new UsageException(
                $"--latency {DurationText.Format(settings.Latency)} is over half of --deadlock-timeout {DurationText.Format(settings.DeadlockTimeout)}: a chain that completes would look like a deadlock; give a shorter latency or a longer timeout.");
        }

        if (values.Runs(SyncOverAsync) && settings.DeadlockTimeout * settings.Requests > MaxBlocked)
        {
            throw new UsageException(
                $"--requests {settings.Requests} of --deadlock-timeout {DurationText.Format(settings.DeadlockTimeout)} keeps {SyncOverAsync} deadlocked for {DurationText.Format(settings.DeadlockTimeout * settings.Requests)}, over the {DurationText.Format(MaxBlocked)} allowed; send fewer requests or give a shorter timeout.");
        }

        return settings;
    }

    protected override async Task<ColoringCosts> MeasureCostsAsync(ExperimentContext context, ColoringSettings settings, CancellationToken cancellationToken)
    {
        var grain = context.Grains.GetGrain<IColoringGrain>(GrainKeys.NewBase());
        var idle = await Pinging.IdleAsync(grain.Ping, IdlePings, Math.Max(settings.Rate, 500), cancellationToken);
        return new ColoringCosts(Latencies.Percentile(idle, 0.50), Latencies.Percentile(idle, 0.99));
    }

    /// <summary>
    /// Sends the requests one after another to A (B is key + 1) through <paramref name="handlerOf"/>, pinging A
    /// meanwhile; each request is given up by the client after <see cref="ColoringSettings.ClientTimeout"/>. Then one
    /// further call to A and one to a fresh grain show whether the silo recovered. The chain runs once, async, with a
    /// 1 ms latency before the clock starts, to activate A and B.
    /// </summary>
    private static async Task<Measured<ColoringFigures>> ChainAsync(
        StrategyRun<ColoringSettings, ColoringCosts> run, Func<IColoringGrain, Func<ColoringCall, CancellationToken, ValueTask<ColoringAnswer>>> handlerOf)
    {
        var (settings, token) = (run.Settings, run.CancellationToken);
        var front = run.Grains.GetGrain<IColoringGrain>(run.KeyBase);
        var handle = handlerOf(front);
        var call = new ColoringCall(run.KeyBase + 1, settings.Latency, settings.DeadlockTimeout);
        await front.HandleAsync(call with { Latency = TimeSpan.FromMilliseconds(1) }, token);

        (int Answered, int Deadlocks, double Longest) tally;
        IReadOnlyList<double> pings;
        var started = Stopwatch.GetTimestamp();
        using (var progress = run.Progress(settings.Requests))
        {
            var requests = SendAsync();
            pings = await Pinging.WhileAsync(front.Ping, requests, settings.Rate, token);
            tally = await requests;

            async Task<(int, int, double)> SendAsync()
            {
                var (answered, deadlocks, longest) = (0, 0, 0.0);
                for (var i = 0; i < settings.Requests; i++)
                {
                    var sent = Stopwatch.GetTimestamp();
                    try
                    {
                        var answer = await handle(call, token).AsTask().WaitAsync(settings.ClientTimeout, token);
                        answered++;
                        if (answer.Deadlocked)
                        {
                            deadlocks++;
                            longest = Math.Max(longest, Stopwatch.GetElapsedTime(sent).TotalSeconds);
                        }
                    }
                    catch (TimeoutException)
                    {
                        // The client found the deadlock, but the grain's own wait did not give up: its thread is still held.
                        deadlocks++;
                        longest = Math.Max(longest, Stopwatch.GetElapsedTime(sent).TotalSeconds);
                    }

                    progress.Advance();
                }

                return (answered, deadlocks, longest);
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var healthy = await AnswersAsync(front.Ping(), token) && await AnswersAsync(run.Grains.GetGrain<IPingGrain>(run.KeyBase).Ping(), token);
        return new Measured<ColoringFigures>(seconds, new ColoringFigures(
            settings.Requests,
            tally.Answered,
            tally.Deadlocks,
            Math.Round(tally.Longest, 3),
            healthy,
            Math.Round(Latencies.Percentile(pings, 0.50), 2),
            Math.Round(Latencies.Percentile(pings, 0.99), 2),
            pings.Count > 0 ? Math.Round(pings[^1], 2) : double.NaN,
            pings.Count));
    }

    private static async Task<bool> AnswersAsync(ValueTask call, CancellationToken cancellationToken)
    {
        try
        {
            await call.AsTask().WaitAsync(HealthTimeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Each request takes B's latency and a round trip, and A is never held: the pings stay at the idle floor.</summary>
    private static Expectation Unheld(ColoringSettings settings, ClusterShape shape, ColoringCosts costs) =>
        new(settings.Requests * (settings.Latency.TotalSeconds + (costs.IdleP50Ms / 1e3)), costs.IdleP50Ms, costs.IdleP99Ms);

    protected override void Judge(Judgement judgement, ColoringSettings settings, ClusterShape shape, ColoringCosts costs, IReadOnlyList<Outcome<ColoringFigures>> outcomes)
    {
        foreach (var o in outcomes)
        {
            judgement.Exact($"{o.Name}: the silo answers a further call within {DurationText.Format(HealthTimeout)}", o.Figures.HealthyAfter, o.Figures.HealthyAfter ? "it does" : "it does not", "yes");
            if (o.Strategy == SyncOverAsync)
            {
                judgement.Exact(
                    $"{SyncOverAsync} deadlocks",
                    o.Figures.Deadlocks == settings.Requests,
                    $"{o.Figures.Deadlocks} of {settings.Requests}",
                    $"every request: B's call back into A queues behind A's blocked turn");
                var limit = settings.ClientTimeout.TotalSeconds;
                judgement.AtMost(
                    $"{SyncOverAsync} longest time to find a deadlock",
                    o.Figures.LongestDeadlockSeconds,
                    settings.DeadlockTimeout.TotalSeconds,
                    limit,
                    $"pass if <= the stated timeout {DurationText.Format(settings.DeadlockTimeout)} + {DurationText.Format(DetectionSlack)} for the round trip",
                    " s");
                judgement.AtLeast(
                    $"{SyncOverAsync} ping p99",
                    o.Figures.P99Ms,
                    o.Model.P99Ms!.Value,
                    BlockedShareOfModel * o.Model.P99Ms!.Value,
                    $"pass if >= {BlockedShareOfModel:0.##} x model: the pings waited for the blocked turn",
                    " ms");
                continue;
            }

            judgement.Exact($"{o.Name} requests answered without a deadlock", o.Figures.Answered == settings.Requests && o.Figures.Deadlocks == 0, $"{o.Figures.Answered} answered, {o.Figures.Deadlocks} deadlocked", $"all {settings.Requests}, none deadlocked");
            var bound = o.Model.P99Ms!.Value + (ResponsiveShareOfLatency * settings.Latency.TotalMilliseconds);
            judgement.AtMost(
                $"{o.Name} ping p99",
                o.Figures.P99Ms,
                o.Model.P99Ms!.Value,
                bound,
                $"pass if <= the idle p99 + {ResponsiveShareOfLatency:0.##} of B's latency = {Judgement.F(bound)} ms: no ping waited out a blocked wait",
                " ms");
        }

        var missing = Strategies.Where(s => outcomes.Of(s) is null).ToList();
        if (missing.Count > 0)
        {
            judgement.NotJudged($"the claim contrasts all three ways, and {string.Join(", ", missing)} did not run");
        }
    }

    /// <summary>The article's own mistake and its bridge: time.sleep inside coroutines, asyncio.sleep, and asyncio.to_thread.</summary>
    public override PythonTwin? Twin(ColoringSettings settings) => PythonTwins.Blocking(settings.Requests, settings.Latency);

    protected override string Why(ColoringSettings settings, ClusterShape shape, ColoringCosts costs) =>
        $"Each request is a chain A -> B -> A: B waits {DurationText.Format(settings.Latency)} of I/O, then calls back into A. A is reentrant, so at an await it takes other calls, B's call back and the pings (idle: {costs.IdleP50Ms:0.#} ms, p99 {costs.IdleP99Ms:0.#} ms). " +
        "Async all the way, A awaits B and the chain completes. Sync over async, A blocks on B's task with .Wait() inside its turn: a blocked turn is not an await, so the activation is held, B's call back queues behind it, and A waits for B: a deadlock, " +
        $"which only the wait's own timeout ({DurationText.Format(settings.DeadlockTimeout)}) breaks, and every ping meanwhile waits too. " +
        "The bridge runs the very same blocking wait inside await Task.Run (asyncio.to_thread): it holds a pool thread instead of the activation, and A keeps answering.";
}
