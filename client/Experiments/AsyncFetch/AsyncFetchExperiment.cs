using Concurrency.Abstractions;
using Concurrency.Client.Cluster;
using Concurrency.Client.Python;
using Concurrency.Client.Results;
using Concurrency.Hosting;

namespace Concurrency.Client.Experiments;

/// <summary>
/// The article's asyncio example: five fetches of one second "complete in about 1 second", because cooperative
/// multitasking on one thread interleaves them while each one waits.
///
/// A grain activation is that event loop: one turn at a time, on one thread at a time. <c>gather</c> is one call that
/// starts every fetch in one turn and awaits them together. <c>separate-calls</c> sends one call per fetch to an
/// ordinary grain, which takes the next request only when the previous one has finished, awaits included.
/// <c>reentrant</c> sends the same calls to a <c>[Reentrant]</c> grain, which takes the next request whenever the
/// current one awaits, so the waits overlap.
/// </summary>
public sealed class AsyncFetchExperiment : Experiment<AsyncFetchSettings, NoCosts, AsyncFetchFigures>
{
    /// <summary>One call that gathers every fetch inside the grain: the waits overlap, so one latency.</summary>
    public static readonly Strategy Gather = new("gather", GatherAsync, (settings, _, _) => new(settings.Latency.TotalSeconds));

    /// <summary>
    /// A call per fetch to an ordinary grain: each call waits for every call queued ahead of it, so the waits add up.
    /// One activation is one thread at a time, so the cluster's shape changes nothing.
    /// </summary>
    public static readonly Strategy SeparateCalls = new(
        "separate-calls", run => FetchEachAsync(run, run.Grains.GetGrain<IEventLoopGrain>(run.KeyBase)), (settings, _, _) => new(settings.Count * settings.Latency.TotalSeconds));

    /// <summary>A call per fetch to a [Reentrant] grain, which takes the next call while one awaits: one latency.</summary>
    public static readonly Strategy Reentrant = new(
        "reentrant", run => FetchEachAsync(run, run.Grains.GetGrain<IReentrantEventLoopGrain>(run.KeyBase)), (settings, _, _) => new(settings.Latency.TotalSeconds));

    /// <summary>The most calls the one-call-per-fetch strategies send at once; <c>gather</c> makes one call however many.</summary>
    public const int MaxCalls = 10_000;

    /// <summary>How far above its model (one latency) an overlapping run may be and still count as "about one latency".</summary>
    public const double OneLatencyTolerance = 1.5;

    /// <summary>How close to its model (the sum of the waits) a queued run must come: each wait is at least one latency.</summary>
    public const double SumTolerance = 0.95;

    private static readonly Setting<int> Count = new(ExperimentOptions.Count(), 5, why: "a few fetches, as in the article; each waits a whole latency, so gathering them is a multiple of the noise faster");
    private static readonly Setting<TimeSpan> Latency = new(ExperimentOptions.Latency(), TimeSpan.FromSeconds(1), quick: TimeSpan.FromMilliseconds(250), why: "a latency hundreds of times a call's cost, so waiting is what the strategies differ in");

    public override string Name => "async-fetch";

    public override string Claim => "Five fetches of 1 s on asyncio \"complete in about 1 second\": cooperative multitasking on a single thread interleaves them while each one waits.";

    public override IReadOnlyList<ISetting> Settings => [Count, Latency];

    public override IReadOnlyList<string> SoakArguments => ["--count", "20", "--latency", "50ms"];

    public override IReadOnlyList<Strategy> Strategies { get; } = [Gather, SeparateCalls, Reentrant];

    protected override IReadOnlyList<Column> Columns =>
    [
        new("succeeded", o => $"{o.Figures.Succeeded:N0}/{o.Figures.Fetches:N0}"),
        new("grain calls", o => $"{o.Figures.GrainCalls:N0}"),
    ];

    public override AsyncFetchSettings Bind(SettingValues values)
    {
        var settings = new AsyncFetchSettings(values.Get(Count), values.Get(Latency));
        var (count, latency) = (settings.Count, settings.Latency);

        if ((values.Runs(SeparateCalls) || values.Runs(Reentrant)) && count > MaxCalls)
        {
            throw new UsageException($"--count {count:N0} is more than the {MaxCalls:N0} concurrent calls the {SeparateCalls} and {Reentrant} strategies may send; add --strategy {Gather}, which makes one call however many fetches.");
        }

        var sizes = $"--count {count:N0} with --latency {DurationText.Format(latency)}";
        foreach (var strategy in Strategies.Where(values.Runs))
        {
            // Calls queued on an ordinary grain each wait for every call ahead of them.
            var slowestCall = strategy == SeparateCalls ? latency * count : latency;
            ResponseBudget.Check(Name, strategy, slowestCall, sizes, strategy == SeparateCalls
                ? $"give fewer or shorter fetches, or --strategy {Gather},{Reentrant}"
                : "give a shorter --latency");
        }

        return settings;
    }

    protected override Task<NoCosts> MeasureCostsAsync(ExperimentContext context, AsyncFetchSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult(NoCosts.Instance);

    /// <summary>
    /// <c>asyncio.gather</c>: one call, whose one turn starts every fetch and then awaits them all together. The call
    /// reads only, so it goes through the resend path: lost with its silo, it is gathered again and counted once.
    /// </summary>
    private static async Task<Measured<AsyncFetchFigures>> GatherAsync(StrategyRun<AsyncFetchSettings, NoCosts> run)
    {
        var (settings, loop) = (run.Settings, run.Grains.GetGrain<IEventLoopGrain>(run.KeyBase));
        await ConcurrentCalls.WarmAsync([loop], run.CancellationToken);
        var units = await run.ResendingAsync();
        using var progress = run.Progress(settings.Count);
        var (summary, seconds) = await Measure.SecondsAsync(async () =>
        {
            var batch = new DownloadBatch("api", 0, settings.Count, settings.Latency, 0);
            var result = await units.ResendAsync(new WorkKey(0, 0), loop, (grain, token) => grain.Gather(batch, token).AsTask(), run.CancellationToken);
            progress.Advance(settings.Count);
            return result;
        });

        return new Measured<AsyncFetchFigures>(seconds, AsyncFetchFigures.Of(summary, calls: 1));
    }

    /// <summary>
    /// One awaited call per fetch, all sent at once to one event-loop grain: whether they queue (an ordinary grain)
    /// or overlap (a reentrant one) is the grain's doing. A fetch reads, so each is keyed and resent if its silo dies.
    /// </summary>
    private static async Task<Measured<AsyncFetchFigures>> FetchEachAsync(StrategyRun<AsyncFetchSettings, NoCosts> run, IEventLoopGrain loop)
    {
        var settings = run.Settings;
        await ConcurrentCalls.WarmAsync([loop], run.CancellationToken);
        var units = await run.ResendingAsync();
        using var progress = run.Progress(settings.Count);
        var (results, _, seconds) = await ConcurrentCalls.RunAsync(settings.Count, progress, i =>
        {
            var request = new DownloadRequest($"api{i}", settings.Latency, 0);
            return new ValueTask<DownloadResult>(units.ResendAsync(new WorkKey(0, i), loop, (grain, token) => grain.Fetch(request, token).AsTask(), run.CancellationToken));
        });

        var summary = new DownloadSummaryBuilder();
        foreach (var result in results)
        {
            summary.Add(result);
        }

        return new Measured<AsyncFetchFigures>(seconds, AsyncFetchFigures.Of(summary.Build(), calls: settings.Count));
    }

    protected override void Judge(Judgement judgement, AsyncFetchSettings settings, ClusterShape shape, NoCosts costs, IReadOnlyList<Outcome<AsyncFetchFigures>> outcomes)
    {
        foreach (var o in outcomes)
        {
            judgement.Exact($"{o.Name}: fetches that succeeded", o.Figures.Fetches == settings.Count && o.Figures.Succeeded == settings.Count, $"{o.Figures.Succeeded:N0} of {o.Figures.Fetches:N0}", $"all {settings.Count:N0}");
        }

        foreach (var o in outcomes)
        {
            if (o.Strategy == SeparateCalls)
            {
                var floor = SumTolerance * o.Model.Seconds;
                judgement.AtLeast($"{o.Name} seconds", o.Seconds, o.Model.Seconds, floor, $"pass if >= {SumTolerance} x model = {Judgement.F(floor)} s (the waits add up)", " s");
            }
            else
            {
                var limit = OneLatencyTolerance * o.Model.Seconds;
                judgement.AtMost($"{o.Name} seconds", o.Seconds, o.Model.Seconds, limit, $"pass if <= {OneLatencyTolerance} x model = {Judgement.F(limit)} s (about one latency)", " s");
            }
        }

        if (outcomes.All(o => o.Strategy != SeparateCalls) || outcomes.All(o => o.Strategy == SeparateCalls))
        {
            judgement.NotJudged($"the claim contrasts fetches that overlap ({Gather}, {Reentrant}) with calls that queue ({SeparateCalls}), and only {string.Join(", ", outcomes.Select(o => o.Name).DefaultIfEmpty("none"))} ran");
        }
        else if (settings.Count == 1)
        {
            judgement.NotJudged("one fetch has nothing to overlap: every strategy makes the same single wait");
        }
    }

    /// <summary>The article's Python for the same claim, run beside it with <c>--python</c>.</summary>
    public override PythonTwin? Twin(AsyncFetchSettings settings) => PythonTwins.Gather(settings.Count, settings.Latency);

    protected override string Why(AsyncFetchSettings settings, ClusterShape shape, NoCosts costs) =>
        "An activation is asyncio's loop: one turn at a time, one thread at a time, and an await hands the thread back. " +
        $"{Gather} is `await asyncio.gather(*tasks)`: one turn starts every fetch, then the loop waits once for all of them. " +
        $"{SeparateCalls} is each request awaited to the end before the next one starts: an ordinary grain does not take a " +
        $"new request while the current one awaits, so the waits add up. {Reentrant} is one `asyncio.create_task` per request: " +
        "a [Reentrant] grain takes the next request at every await, so the waits overlap on the same single thread.";
}
