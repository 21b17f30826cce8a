using System.CommandLine;
using Concurrency.Abstractions;
using Concurrency.Client.Results;
using Concurrency.Hosting.Cli;

namespace Concurrency.Client.Experiments;

/// <summary>Settings of <see cref="OverheadExperiment"/>: how many tiny tasks, and how many Leibniz terms each one computes.</summary>
public sealed record OverheadSettings(int Items, int Work, IReadOnlyList<string> Strategies);

/// <summary>
/// The article's warning about process overhead: spawning a process costs 10-50 ms against microseconds for a thread,
/// which is nothing for long tasks and a dealbreaker for thousands of tiny ones.
///
/// In actor terms the price of parallelism is a grain call: a message, a queue, a turn, a reply. Item i is the
/// Leibniz partial sum over its own <see cref="OverheadSettings.Work"/> terms. <c>inline</c> loops over the items in
/// the caller; <c>call-per-item</c> sends each item to the stateless cruncher pool as its own call; <c>batched</c>
/// sends a few large batches, one call each, and gets every item's result back.
/// </summary>
public sealed class OverheadExperiment : LegacyExperiment<OverheadSettings>
{
    public const string Inline = "inline";
    public const string CallPerItem = "call-per-item";
    public const string Batched = "batched";

    /// <summary>Calls in flight at once for call-per-item: enough to keep every worker busy.</summary>
    public const int Window = 64;

    /// <summary>Call-per-item must cost at least this many times inline per item for the overhead to be "a dealbreaker".</summary>
    public const double DealbreakerFactor = 2.0;

    /// <summary>Batching must cost at most this share of call-per-item per item.</summary>
    public const double BatchingGain = 0.5;

    /// <summary>
    /// Every strategy keeps one result per item to compare them bit for bit, so memory grows with --items: at most
    /// 10,000,000 items (80 MB of results per strategy) are accepted, the limit said in the refusal.
    /// </summary>
    public const int MaxItems = 10_000_000;

    /// <summary>The most terms of work a strategy may compute (items × work): about 16 s of the scalar loop on one core.</summary>
    public const long MaxTotalTerms = 10_000_000_000;

    /// <summary>One call per item costs about 0.1 ms on a loaded 2-core machine: a million calls is a couple of minutes.</summary>
    public const int MaxCallsPerItem = 1_000_000;

    /// <summary>The most item results one batched call returns: 8 MB on the wire.</summary>
    public const int MaxBatchItems = 1_000_000;

    public override string Name => "overhead";

    public override string Claim =>
        "Starting parallel work has a price (a process \"takes roughly 10-50ms versus microseconds for a thread\"): negligible for long tasks, " +
        "but \"for thousands of tiny tasks, it's a dealbreaker\".";

    public override IReadOnlyList<string> Strategies { get; } = [Inline, CallPerItem, Batched];

    public override IReadOnlyList<Option> Options { get; } = [LegacyOptions.Items, LegacyOptions.Work, LegacyOptions.Strategy];

    /// <summary>
    /// The default task is 100 terms of the article's loop, about 0.2 µs: tiny next to any message, as
    /// <c>item * 2</c> is. A task needs thousands of terms before a call pays; the run reports where.
    /// </summary>
    public override OverheadSettings Bind(ExperimentArgs args)
    {
        var settings = new OverheadSettings(
            args.Get(LegacyOptions.Items, 100_000, quickDefault: 20_000),
            args.Get(LegacyOptions.Work, 100),
            args.StrategiesOf(this));
        if (settings.Items > MaxItems)
        {
            throw new UsageException($"--items {settings.Items:N0} is out of range for {Name}: allowed 1 to {MaxItems:N0} (every item's result is kept to compare the strategies).");
        }

        if ((long)settings.Items * settings.Work > MaxTotalTerms)
        {
            throw new UsageException($"--items {settings.Items:N0} with --work {settings.Work:N0} is {(long)settings.Items * settings.Work:N0} terms per strategy, over the {MaxTotalTerms:N0}-term budget (about 16 s on one core): give fewer items or less work.");
        }

        if (settings.Strategies.Contains(CallPerItem) && settings.Items > MaxCallsPerItem)
        {
            throw new UsageException($"--items {settings.Items:N0} makes {CallPerItem} send {settings.Items:N0} calls, over its {MaxCallsPerItem:N0}-call budget; add --strategy {Inline},{Batched}.");
        }

        return settings;
    }

    public override async Task<ExperimentResult> RunAsync(ExperimentContext context, OverheadSettings settings, CancellationToken cancellationToken)
    {
        var cores = context.Cluster.ProcessorCount;
        var pool = (long lane) => context.Grains.Lane(lane, cores);
        await Task.WhenAll(Enumerable.Range(0, cores).Select(lane => pool(lane).SumTerms(new TermRange(0, 0), cancellationToken).AsTask()));

        // The model's unit: one term of the article's loop, timed here in the caller.
        const long CalibrationTerms = 10_000_000;
        var (_, calibration) = await Measure.SecondsAsync(() => Task.FromResult(LeibnizKernel.Scalar(0, CalibrationTerms)));
        var inlineModel = (double)settings.Items * settings.Work * calibration / CalibrationTerms;
        var batchSize = BatchSize(settings, cores);
        var batches = (settings.Items + batchSize - 1) / batchSize;

        var runs = new List<(StrategyResult Result, double[] Values)>();
        foreach (var strategy in settings.Strategies)
        {
            using var progress = context.Progress.Start($"overhead/{strategy}", settings.Items);
            var (values, seconds) = strategy switch
            {
                Inline => await Measure.SecondsAsync(() => Task.FromResult(InlineSums(settings, batchSize, progress, cancellationToken))),
                CallPerItem => await Measure.SecondsAsync(() => CallPerItemAsync(pool, settings, progress, cancellationToken)),
                Batched => await Measure.SecondsAsync(() => BatchedAsync(pool, settings, batchSize, progress, cancellationToken)),
                _ => throw new ArgumentOutOfRangeException(nameof(settings), strategy, "unknown strategy"),
            };
            double? expected = strategy switch
            {
                Inline => inlineModel,
                Batched => inlineModel / Math.Min(cores, batches),
                _ => null,
            };

            var identical = runs.Count == 0 || values.AsSpan().SequenceEqual(runs[0].Values);
            runs.Add((context.Finish(LegacyResults.Strategy(strategy, expected, seconds, new Dictionary<string, object?>
            {
                ["perItemMicroseconds"] = seconds / settings.Items * 1e6,
                ["grainCalls"] = strategy switch { Inline => 0, CallPerItem => settings.Items, _ => batches },
                ["result"] = (decimal)(4 * values.Sum()),
                ["identical"] = identical,
            }), cancellationToken), values));
        }

        var strategies = runs.Select(r => r.Result).ToList();
        var breakEven = BreakEven(settings, cores, strategies);
        var (holds, explanation) = Judge(settings, cores, strategies, breakEven);
        var parameters = new Dictionary<string, object?> { ["items"] = settings.Items, ["work"] = settings.Work, ["processorCount"] = cores };
        if (breakEven is { } model)
        {
            parameters["perCallOverheadMicroseconds"] = model.OverheadSeconds * 1e6;
            parameters["perTermNanoseconds"] = model.TermSeconds * 1e9;
            parameters["breakEvenWork"] = model.Terms;
        }

        return LegacyResults.Experiment(Name, Claim, parameters, strategies, holds, explanation);
    }

    /// <summary>About four batches per core, so the pool stays busy to the end; never more terms in one turn than a pi chunk.</summary>
    private static int BatchSize(OverheadSettings settings, int cores)
    {
        var size = (settings.Items + 4 * cores - 1) / (4 * cores);
        return (int)Math.Max(1, Math.Min(Math.Min(size, MaxBatchItems), PiJob.DefaultChunkTerms / settings.Work));
    }

    /// <summary>The items in the caller, batch by batch as the pool gets them, so Ctrl+C stops it between batches.</summary>
    private static double[] InlineSums(OverheadSettings settings, int batchSize, Output.IProgressTask progress, CancellationToken cancellationToken)
    {
        var values = new double[settings.Items];
        for (var first = 0; first < settings.Items; first += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, settings.Items - first);
            PiItems.SumEach(first, count, settings.Work).CopyTo(values, first);
            progress.Advance(count);
        }

        return values;
    }

    private static async Task<double[]> CallPerItemAsync(Func<long, IStatelessCruncherGrain> pool, OverheadSettings settings, Output.IProgressTask progress, CancellationToken cancellationToken)
    {
        var values = new double[settings.Items];
        await Lanes.RunAsync(settings.Items, Window, async (i, token) =>
        {
            values[i] = await pool(i).SumTerms(PiItems.Item(i, settings.Work), token);
            progress.Advance();
        }, cancellationToken);
        return values;
    }

    private static async Task<double[]> BatchedAsync(Func<long, IStatelessCruncherGrain> pool, OverheadSettings settings, int batchSize, Output.IProgressTask progress, CancellationToken cancellationToken)
    {
        var values = new double[settings.Items];
        var batches = (settings.Items + batchSize - 1) / batchSize;
        await Lanes.RunAsync(batches, Window, async (b, token) =>
        {
            var first = (int)b * batchSize;
            var count = Math.Min(batchSize, settings.Items - first);
            var results = await pool(b).SumEach(first, count, settings.Work, token);
            results.CopyTo(values, first);
            progress.Advance(count);
        }, cancellationToken);
        return values;
    }

    /// <summary>
    /// The break-even model. Inline, an item costs w·c (c: one term's time). Sent to the pool, it costs o + w·c / P of
    /// wall time, where o is the overhead of one call as measured, and P cores share the work. Sending pays when
    /// o + w·c / P &lt; w·c, that is when w exceeds o / (c · (1 - 1/P)). On one core it never pays.
    /// </summary>
    private static (double OverheadSeconds, double TermSeconds, long? Terms)? BreakEven(OverheadSettings settings, int cores, IReadOnlyList<StrategyResult> strategies)
    {
        var inline = strategies.FirstOrDefault(s => s.Name == Inline);
        var perCall = strategies.FirstOrDefault(s => s.Name == CallPerItem);
        if (inline is null || perCall is null)
        {
            return null;
        }

        var itemSeconds = inline.MeasuredSeconds / settings.Items;
        var termSeconds = itemSeconds / settings.Work;
        var overhead = Math.Max(0, perCall.MeasuredSeconds / settings.Items - itemSeconds / cores);
        long? terms = cores > 1 ? (long)Math.Ceiling(overhead / (termSeconds * (1 - 1.0 / cores))) : null;
        return (overhead, termSeconds, terms);
    }

    private static (bool Holds, string Explanation) Judge(OverheadSettings settings, int cores, IReadOnlyList<StrategyResult> strategies, (double OverheadSeconds, double TermSeconds, long? Terms)? breakEven)
    {
        double? PerItem(string name) => strategies.FirstOrDefault(s => s.Name == name)?.MeasuredSeconds / settings.Items * 1e6;
        var (inline, perCall, batched) = (PerItem(Inline), PerItem(CallPerItem), PerItem(Batched));
        var checks = new List<(bool Ok, string Text)>
        {
            (strategies.All(s => s.Legacy()?["identical"] is true), $"every strategy computed the same {settings.Items:N0} results, bit for bit"),
        };

        if (inline is { } i && perCall is { } p)
        {
            checks.Add((p >= DealbreakerFactor * i,
                $"one call per item cost {p:0.###} µs per item against {i:0.###} µs inline ({p / i:0.#}x; a dealbreaker needs at least {DealbreakerFactor}x)"));
        }

        if (perCall is { } pc && batched is { } b)
        {
            checks.Add((b <= BatchingGain * pc, $"batched cost {b:0.###} µs per item, {pc / b:0.#}x less than one call per item (needed at least {1 / BatchingGain:0.#}x)"));
        }

        var model = breakEven switch
        {
            { Terms: { } terms } m =>
                $" Model: a call costs o = {m.OverheadSeconds * 1e6:0.##} µs, a term c = {m.TermSeconds * 1e9:0.###} ns; sending one item per call pays " +
                $"once o + w·c/{cores} < w·c, i.e. above about {terms:N0} terms ({terms * m.TermSeconds * 1e6:0.#} µs of work) per item; --work is {settings.Work:N0}.",
            { } m => $" Model: a call costs o = {m.OverheadSeconds * 1e6:0.##} µs; on one core no work size wins it back.",
            null => "",
        };

        var why =
            " Where Python pays 10-50 ms to start a process, a grain call costs microseconds, but a tiny task costs less still, so shipping " +
            "each one costs more than doing it. Batching pays the call once for thousands of items, which keeps the parallelism and drops the overhead, " +
            "as Pool.map's chunksize does.";
        return (checks.All(c => c.Ok), string.Join("; ", checks.Select(c => c.Text)) + "." + model + why);
    }
}
