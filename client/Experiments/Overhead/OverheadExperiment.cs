using Concurrency.Abstractions;
using Concurrency.Client.Output;
using Concurrency.Client.Python;
using Concurrency.Client.Results;
using Concurrency.Hosting;

namespace Concurrency.Client.Experiments;

/// <summary>
/// The article's warning about process overhead: spawning a process costs 10-50 ms against microseconds for a thread,
/// which is nothing for long tasks and a dealbreaker for thousands of tiny ones.
///
/// In actor terms the price of parallelism is a grain call: a message, a queue, a turn, a reply. Item i is the
/// Leibniz partial sum over its own <see cref="OverheadSettings.Work"/> terms. <c>inline</c> loops over the items in
/// the caller; <c>call-per-item</c> sends each item to the stateless cruncher pool as its own call; <c>batched</c>
/// sends a few large batches, one call each, and gets every item's result back.
/// </summary>
public sealed class OverheadExperiment : Experiment<OverheadSettings, OverheadCosts, OverheadFigures>
{
    // The break-even model, with c one term's time and o one call's overhead as measured, and P the cores of the
    // silo's pool (see OverheadCosts).

    /// <summary>Every item in the caller's own loop: N items of w terms cost N·w·c.</summary>
    public static readonly Strategy Inline = new("inline", InlineAsync, (settings, _, costs) => new(WorkSeconds(settings, costs)));

    /// <summary>One call per item: N·(o + w·c / P), since P cores share the work and each call pays o.</summary>
    public static readonly Strategy CallPerItem = new("call-per-item", CallPerItemAsync, (settings, shape, costs) =>
        new((settings.Items * costs.PerCallOverheadMicroseconds * 1e-6) + (WorkSeconds(settings, costs) / shape.CoresOfOneSilo)));

    /// <summary>A few large batches: the work over min(P, batches) cores, plus one o per batch.</summary>
    public static readonly Strategy Batched = new("batched", BatchedAsync, (settings, shape, costs) =>
    {
        var batches = Batches(settings, shape.CoresOfOneSilo);
        return new((WorkSeconds(settings, costs) / Math.Min(shape.CoresOfOneSilo, batches)) + (batches * costs.PerCallOverheadMicroseconds * 1e-6));
    });

    /// <summary>Calls in flight at once for call-per-item (and for measuring a call): enough to keep every worker busy.</summary>
    public const int Window = 64;

    /// <summary>Call-per-item must cost at least this many times inline per item for the overhead to be "a dealbreaker".</summary>
    public const double DealbreakerFactor = 2.0;

    /// <summary>Batching must cost at most this share of call-per-item per item.</summary>
    public const double BatchingGain = 0.5;

    /// <summary>The empty calls timed to measure one call's overhead, after as many again to warm the path.</summary>
    public const int OverheadCalls = 2_000;

    /// <summary>
    /// Every strategy keeps one result per item to hash them, so memory grows with --items: at most 10,000,000 items
    /// (80 MB of results per strategy) are accepted, the limit said in the refusal.
    /// </summary>
    public const int MaxItems = 10_000_000;

    /// <summary>The most terms of work a strategy may compute (items × work): about 16 s of the scalar loop on one core.</summary>
    public const long MaxTotalTerms = 10_000_000_000;

    /// <summary>One call per item costs about 0.1 ms on a loaded 2-core machine: a million calls is a couple of minutes.</summary>
    public const int MaxCallsPerItem = 1_000_000;

    /// <summary>The most item results one batched call returns: 8 MB on the wire.</summary>
    public const int MaxBatchItems = 1_000_000;

    private const long CalibrationTerms = 10_000_000;

    /// <summary>
    /// The default task is 100 terms of the article's loop, about 0.2 µs: tiny next to any message, as
    /// <c>item * 2</c> is. A task needs thousands of terms before a call pays; the run reports where.
    /// </summary>
    private static readonly Setting<int> Items = new(ExperimentOptions.Items(), 100_000, quick: 20_000, why: "enough tiny items that the per-call cost, summed, is many times the run's noise");
    private static readonly Setting<int> Work = new(ExperimentOptions.Work(), 100, why: "tiny work an item, so the call's cost dominates as in the article's thousands of small tasks");

    public override string Name => "overhead";

    public override string Claim =>
        "Starting parallel work has a price (a process \"takes roughly 10-50ms versus microseconds for a thread\"): negligible for long tasks, " +
        "but \"for thousands of tiny tasks, it's a dealbreaker\".";

    public override IReadOnlyList<ISetting> Settings => [Items, Work];

    public override IReadOnlyList<string> SoakArguments => ["--items", "2000"];

    public override IReadOnlyList<Strategy> Strategies { get; } = [Inline, CallPerItem, Batched];

    protected override IReadOnlyList<Column> Columns =>
    [
        new("µs/item", o => Judgement.F(o.Figures.PerItemMicroseconds)),
        new("grain calls", o => o.Figures.GrainCalls.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)),
        new("results", o => (o.Figures.ResultsHash >> 32).ToString("x8", System.Globalization.CultureInfo.InvariantCulture)),
    ];

    public override OverheadSettings Bind(SettingValues values)
    {
        var settings = new OverheadSettings(values.Get(Items), values.Get(Work));
        if (settings.Items > MaxItems)
        {
            throw new UsageException($"--items {settings.Items:N0} is out of range for {Name}: allowed 1 to {MaxItems:N0} (every item's result is kept to compare the strategies).");
        }

        if ((long)settings.Items * settings.Work > MaxTotalTerms)
        {
            throw new UsageException($"--items {settings.Items:N0} with --work {settings.Work:N0} is {(long)settings.Items * settings.Work:N0} terms per strategy, over the {MaxTotalTerms:N0}-term budget (about 16 s on one core): give fewer items or less work.");
        }

        if (values.Runs(CallPerItem) && settings.Items > MaxCallsPerItem)
        {
            throw new UsageException($"--items {settings.Items:N0} makes {CallPerItem} send {settings.Items:N0} calls, over its {MaxCallsPerItem:N0}-call budget; add --strategy {Inline},{Batched}.");
        }

        return settings;
    }

    /// <summary>
    /// c, the faster of two runs of the article's loop here in the caller; then o, the wall time per empty call to the
    /// pool with <see cref="Window"/> in flight, after a first round that activates every lane and warms the path.
    /// </summary>
    protected override async Task<OverheadCosts> MeasureCostsAsync(ExperimentContext context, OverheadSettings settings, CancellationToken cancellationToken)
    {
        var (_, first) = await Measure.SecondsAsync(() => Task.FromResult(LeibnizKernel.Scalar(0, CalibrationTerms)));
        var (_, second) = await Measure.SecondsAsync(() => Task.FromResult(LeibnizKernel.Scalar(0, CalibrationTerms)));

        var cores = context.Cluster.Shape.CoresOfOneSilo;
        Task EmptyCalls() => CallWindow.RunAsync(OverheadCalls, Window, async (i, token) => await context.Grains.AtPoolKey(i, cores).SumTerms(new TermRange(0, 0), token), cancellationToken);
        await EmptyCalls();
        var (_, seconds) = await Measure.SecondsAsync(async () =>
        {
            await EmptyCalls();
            return true;
        });
        return new OverheadCosts(Math.Min(first, second) / CalibrationTerms * 1e9, seconds / OverheadCalls * 1e6, cores);
    }

    /// <summary>The items in the caller, batch by batch as the pool gets them, so Ctrl+C stops it between batches.</summary>
    private static Task<Measured<OverheadFigures>> InlineAsync(StrategyRun<OverheadSettings, OverheadCosts> run)
    {
        var settings = run.Settings;
        var batchSize = BatchSize(settings, run.Shape.CoresOfOneSilo);
        return TimedAsync(run, 0, progress =>
        {
            var values = new double[settings.Items];
            for (var first = 0; first < settings.Items; first += batchSize)
            {
                run.CancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(batchSize, settings.Items - first);
                PiItems.SumEach(first, count, settings.Work).CopyTo(values, first);
                progress.Advance(count);
            }

            return Task.FromResult(values);
        });
    }

    /// <summary>Every item its own call to the stateless pool: a message, a queue, a turn and a reply for 0.2 µs of work.</summary>
    private static Task<Measured<OverheadFigures>> CallPerItemAsync(StrategyRun<OverheadSettings, OverheadCosts> run)
    {
        var (settings, cores) = (run.Settings, run.Shape.CoresOfOneSilo);
        return TimedAsync(run, settings.Items, async progress =>
        {
            var values = new double[settings.Items];
            await CallWindow.RunAsync(settings.Items, Window, async (i, token) =>
            {
                values[i] = await run.Grains.AtPoolKey(i, cores).SumTerms(PiItems.Item(i, settings.Work), token);
                progress.Advance();
            }, run.CancellationToken);
            return values;
        });
    }

    /// <summary>A few large batches, one call each, every item's result sent back: the call is paid once for thousands of items (Pool.map's chunksize).</summary>
    private static Task<Measured<OverheadFigures>> BatchedAsync(StrategyRun<OverheadSettings, OverheadCosts> run)
    {
        var (settings, cores) = (run.Settings, run.Shape.CoresOfOneSilo);
        var batchSize = BatchSize(settings, cores);
        var batches = Batches(settings, cores);
        return TimedAsync(run, batches, async progress =>
        {
            var values = new double[settings.Items];
            await CallWindow.RunAsync(batches, Window, async (b, token) =>
            {
                var first = (int)b * batchSize;
                var count = Math.Min(batchSize, settings.Items - first);
                var results = await run.Grains.AtPoolKey(b, cores).SumEach(first, count, settings.Work, token);
                results.CopyTo(values, first);
                progress.Advance(count);
            }, run.CancellationToken);
            return values;
        });
    }

    /// <summary>Times <paramref name="items"/> under the strategy's progress, then states its cost per item and its results.</summary>
    private static async Task<Measured<OverheadFigures>> TimedAsync(StrategyRun<OverheadSettings, OverheadCosts> run, long grainCalls, Func<IProgressTask, Task<double[]>> items)
    {
        using var progress = run.Progress(run.Settings.Items);
        var (values, seconds) = await Measure.SecondsAsync(() => items(progress));
        var hash = 0UL;
        for (var i = 0; i < values.Length; i++)
        {
            hash = unchecked(hash + WorkDigest.HashOf(i, values[i]));
        }

        return new Measured<OverheadFigures>(seconds, new OverheadFigures(seconds / run.Settings.Items * 1e6, grainCalls, (decimal)(4 * values.Sum()), hash));
    }

    /// <summary>About four batches per core, so the pool stays busy to the end; never more terms in one turn than a pi chunk.</summary>
    public static int BatchSize(OverheadSettings settings, int cores)
    {
        var size = (settings.Items + (4 * cores) - 1) / (4 * cores);
        return (int)Math.Max(1, Math.Min(Math.Min(size, MaxBatchItems), PiJob.DefaultChunkTerms / settings.Work));
    }

    public static int Batches(OverheadSettings settings, int cores)
    {
        var size = BatchSize(settings, cores);
        return (settings.Items + size - 1) / size;
    }

    /// <summary>N items of w terms at c a term: the work itself, wherever it runs.</summary>
    private static double WorkSeconds(OverheadSettings settings, OverheadCosts costs) => (double)settings.Items * settings.Work * costs.PerTermNanoseconds * 1e-9;

    protected override void Judge(Judgement judgement, OverheadSettings settings, ClusterShape shape, OverheadCosts costs, IReadOnlyList<Outcome<OverheadFigures>> outcomes)
    {
        var hashes = outcomes.Select(o => o.Figures.ResultsHash).Distinct().ToList();
        judgement.Exact(
            $"every strategy's {settings.Items:N0} results, bit for bit",
            hashes.Count == 1,
            hashes.Count == 1 ? $"hash {hashes[0]:x16}" : string.Join(", ", outcomes.Select(o => $"{o.Name} {o.Figures.ResultsHash:x16}")),
            "one hash for every strategy");

        var inline = outcomes.Of(Inline);
        var perCall = outcomes.Of(CallPerItem);
        var batched = outcomes.Of(Batched);
        if (perCall is null || inline is null)
        {
            judgement.NotJudged($"the claim compares {CallPerItem} with {Inline}, and {(perCall is null ? CallPerItem : Inline)} did not run");
        }
        else
        {
            // The claim is about tiny tasks: where the model itself puts a call near the work, it does not apply.
            var modelled = perCall.Model.Seconds / inline.Model.Seconds;
            if (modelled < 2 * DealbreakerFactor)
            {
                judgement.NotJudged(
                    $"at --work {settings.Work:N0} the model puts one call per item at {Judgement.F(modelled)}x inline, under {Judgement.F(2 * DealbreakerFactor)}x: " +
                    $"these are not tiny tasks (calls pay above {costs.BreakEvenWork?.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) ?? "no size on one core"} terms), and the claim is about tiny ones");
            }
            else
            {
                judgement.AtLeast($"{CallPerItem} cost per item over {Inline}", perCall.Seconds / inline.Seconds, modelled, DealbreakerFactor, $"pass if >= {DealbreakerFactor}x (a dealbreaker)", "x");
            }
        }

        if (perCall is not null && batched is not null)
        {
            var modelled = batched.Model.Seconds / perCall.Model.Seconds;
            if (modelled <= BatchingGain / 2)
            {
                judgement.AtMost($"{Batched} cost per item over {CallPerItem}", batched.Seconds / perCall.Seconds, modelled, BatchingGain, $"pass if <= {BatchingGain}x (the call paid once a batch)", "x");
            }
            else
            {
                judgement.Note($"at these sizes the model puts {Batched} at {Judgement.F(modelled)}x {CallPerItem}: batching saves little, so it is not judged");
            }
        }
    }

    /// <summary>The article's Python for the same claim, run beside it with <c>--python</c>.</summary>
    public override PythonTwin? Twin(OverheadSettings settings) => PythonTwins.TinyTasks(settings.Items);

    protected override string Why(OverheadSettings settings, ClusterShape shape, OverheadCosts costs) =>
        $"A grain call cost o = {Judgement.F(costs.PerCallOverheadMicroseconds)} µs here and a term c = {Judgement.F(costs.PerTermNanoseconds)} ns, so an item of {settings.Work:N0} terms is " +
        $"{Judgement.F(settings.Work * costs.PerTermNanoseconds / 1e3)} µs of work. " +
        (costs.BreakEvenWork is { } terms
            ? $"Sending one item per call pays once o + w·c/{costs.Cores} < w·c, above about {terms:N0} terms per item. "
            : "On one core no work size wins a call back. ") +
        "Where Python pays 10-50 ms to start a process, a grain call costs microseconds, but a tiny task costs less still; " +
        "batching pays the call once for thousands of items, as Pool.map's chunksize does.";
}
