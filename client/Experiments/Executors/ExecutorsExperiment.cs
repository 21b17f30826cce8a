using Concurrency.Abstractions;
using Concurrency.Client.Cluster;
using Concurrency.Client.Executors;
using Concurrency.Client.Python;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// concurrent.futures: one function, several executors. Every strategy is one executor mapping one named function
/// over the same items, named <c>executor/function</c> (<c>stateless-pool/pi-chunk</c>); the results must be the inline
/// loop's bit for bit, and the times show which executor suits which function.
/// </summary>
public sealed class ExecutorsExperiment : Experiment<ExecutorsSettings, ExecutorsCosts, ExecutorsFigures>
{
    /// <summary>A pool must reach this share of its modelled speedup over one grain.</summary>
    public const double SpeedupTolerance = 0.6;

    /// <summary>One grain may be at most this much faster than its model (the loop plus a call a batch): more would mean its turns overlapped.</summary>
    public const double SerialSlack = 1.3;

    /// <summary>
    /// The function whose times are judged: a pi chunk is a millisecond of work, so a map of hundreds of them is long
    /// next to a call and to the timer, and shows what cores do.
    /// </summary>
    public static readonly WorkFunction TimedFunction = WorkFunctions.PiChunk;

    private static readonly Setting<int> Items = new(ExperimentOptions.Items(), 10_000_000, quick: 1_000_000, why: "enough items that the per-item cost of each executor is many times the run's noise");
    private static readonly Setting<int> PiItems = new(ExperimentOptions.PiItems(), 400, quick: 256, why: "enough CPU-bound items to keep every core busy, each long against a call's cost");

    /// <summary>The median round's figures; the digest counts as the loop's only if every run's was, and the cluster's retries are every round's (<see cref="ClusterTally.Across"/>).</summary>
    protected internal override ExecutorsFigures Merge(ExecutorsFigures typical, IReadOnlyList<ExecutorsFigures> runs) => typical with
    {
        Identical = runs.All(r => r.Identical),
        Cluster = typical.Cluster is { } kept ? ClusterTally.Across(kept, runs.Select(r => r.Cluster)) : null,
    };

    public override string Name => "executors";

    public override string Claim =>
        "With an executor abstraction \"you write your function once, then decide whether to run it with threads or processes\": " +
        "the results are the same, only the time changes.";

    public override IReadOnlyList<ISetting> Settings => [Items, PiItems];

    public override IReadOnlyList<string> SoakArguments => ["--items", "2000", "--pi-items", "8"];

    /// <summary>
    /// Every executor mapping every function, named <c>executor/function</c>. A function whose times decide nothing
    /// (see <see cref="TimedFunction"/>) is mapped in the first round only: its checks are of its results, bit for bit.
    /// </summary>
    public static IReadOnlyList<Strategy> All { get; } =
        [.. WorkFunctions.All.SelectMany(f => ExecutorCatalog.Names.Select(e => new Strategy($"{e}/{f.Name}", run => MapAsync(run, e, f), (settings, shape, costs) => Model(e, f, settings, shape, costs))
        {
            Repeats = f == TimedFunction,
        }))];

    public override IReadOnlyList<Strategy> Strategies => All;

    protected override IReadOnlyList<Column> Columns =>
    [
        new("items/s", o => Judgement.F(o.Figures.ItemsPerSecond)),
        new("batches", o => o.Figures.Batches.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("result", o => o.Figures.Identical ? "identical" : "DIFFERENT"),
    ];

    /// <summary>The strategy of <paramref name="executor"/> mapping <paramref name="function"/>.</summary>
    public static Strategy Mapping(string executor, WorkFunction function) => All.Single(s => s.Name == $"{executor}/{function.Name}");

    public override ExecutorsSettings Bind(SettingValues values) => new(values.Get(Items), values.Get(PiItems));

    protected override Task<ExecutorsCosts> MeasureCostsAsync(ExperimentContext context, ExecutorsSettings settings, CancellationToken cancellationToken) =>
        ExecutorsCosts.MeasureAsync(context.Grains, settings, cancellationToken);

    /// <summary>
    /// One batch first (it activates the grains and fills the caches, so the clock measures the map itself), then the
    /// whole map, timed, under the strategy's progress.
    /// </summary>
    private static async Task<Measured<ExecutorsFigures>> MapAsync(StrategyRun<ExecutorsSettings, ExecutorsCosts> run, string name, WorkFunction function)
    {
        var items = run.Settings.ItemsOf(function);
        // Every executor opens the resend path: the grain executors send their batches through it, and while it is open
        // a silo's death is this strategy's to handle (the loop holds no grain call, so it loses nothing).
        var units = await run.ResendingAsync();
        var executor = ExecutorCatalog.Create(name, run.Grains, run.Shape.CoresOfOneSilo, run.KeyBase, run.Context.ClusterObserver, units);
        await executor.MapAsync(function, Math.Min(items, function.BatchSize), _ => { }, run.CancellationToken);

        using var progress = run.Progress(items);
        var (digest, seconds) = await Measure.SecondsAsync(() => executor.MapAsync(function, items, progress.Advance, run.CancellationToken));
        return new Measured<ExecutorsFigures>(seconds, new ExecutorsFigures(
            name,
            function.Name,
            items,
            name == ExecutorCatalog.Inline ? 0 : run.Settings.BatchesOf(function),
            items / seconds,
            function == WorkFunctions.PiChunk ? 4 * digest.Sum : digest.Sum,
            $"{digest.Hash:x16}",
            digest == run.Costs.Of(function).Digest,
            (executor as ClusterExecutor)?.LastRun));
    }

    /// <summary>
    /// T is the function's inline loop, measured first; c is one call's cost. A batch is one call and one turn, and a
    /// map's batches are equal but the last. An executor that reaches p cores runs ceil(batches / p) rounds of
    /// batches, so its busiest core computes that many batches and pays that many calls.
    /// </summary>
    private static Expectation Model(string executor, WorkFunction function, ExecutorsSettings settings, ClusterShape shape, ExecutorsCosts costs)
    {
        var items = settings.ItemsOf(function);
        var batches = settings.BatchesOf(function);
        var t = costs.Of(function).Seconds;
        var rounds = executor switch
        {
            // The loop: no calls, one core.
            ExecutorCatalog.Inline => 0,

            // One activation, one turn at a time: every batch after the other (threads under the GIL).
            ExecutorCatalog.SingleGrain => batches,

            // One silo's pool: as many batches at once as the silo has cores (a process pool).
            ExecutorCatalog.StatelessPool => Ceiling(batches, Math.Min(batches, shape.CoresOfOneSilo)),

            // Batch b on silo b mod silos: the busiest silo has ceil(batches / silos) for its own cores, and all the
            // silos together cannot use more cores than their machines have.
            _ => Math.Max(Ceiling(Ceiling(batches, shape.Silos), shape.CoresOfOneSilo), Ceiling(batches, shape.UsableCores)),
        };
        return new Expectation(rounds == 0 ? t : t * Math.Min(items, (long)rounds * function.BatchSize) / items + rounds * costs.CallSeconds);
    }

    protected override void Judge(Judgement judgement, ExecutorsSettings settings, ClusterShape shape, ExecutorsCosts costs, IReadOnlyList<Outcome<ExecutorsFigures>> outcomes)
    {
        var speedups = 0;
        var timed = false;
        foreach (var function in WorkFunctions.All)
        {
            var ran = outcomes.Where(o => o.Figures.Function == function.Name).ToList();
            if (ran.Count == 0)
            {
                continue;
            }

            var inline = costs.Of(function);
            var different = ran.Where(o => !o.Figures.Identical).ToList();
            judgement.Exact(
                $"{function.Name}: the digest of {string.Join(", ", ran.Select(o => o.Figures.Executor))} over {inline.Items:N0} items",
                different.Count == 0,
                different.Count == 0 ? inline.DigestText : string.Join(", ", different.Select(o => $"{o.Figures.Executor} {o.Figures.Digest}")),
                $"the inline loop's {inline.DigestText}, every item's result to the last bit");
            if (function == WorkFunctions.Doubling)
            {
                // Sum of 2i for i < n is n(n - 1), exact in a double at these sizes: the items were really computed.
                var expected = (double)inline.Items * (inline.Items - 1);
                var wrong = ran.Where(o => o.Figures.Result != expected).ToList();
                judgement.Exact("double: the doubled items' sum", wrong.Count == 0, wrong.Count == 0 ? $"{expected:N0}" : string.Join(", ", wrong.Select(o => $"{o.Figures.Executor} {o.Figures.Result:N0}")), $"n(n - 1) = {expected:N0}");
            }

            if (function != TimedFunction)
            {
                // item * 2 over ten million items is milliseconds of work: the call, the scheduler and the timer's
                // noise are of its size, so its times are shown beside their models and decide nothing.
                judgement.Note($"{function.Name} times, not judged (a map of milliseconds): {string.Join(", ", ran.Select(o => $"{o.Figures.Executor} {o.Seconds * 1e3:0.#} ms (model {o.Model.Seconds * 1e3:0.#})"))}");
                continue;
            }

            timed = true;
            var single = ran.FirstOrDefault(o => o.Figures.Executor == ExecutorCatalog.SingleGrain);
            if (single is null)
            {
                judgement.NotJudged($"the times of {function.Name} are compared with {ExecutorCatalog.SingleGrain}, which did not run");
                continue;
            }

            // One grain must not beat the loop plus its calls: that would mean turns of one activation overlapped.
            judgement.AtMost($"{single.Name} speedup over its model (the loop, one batch after another)", single.Model.Seconds / single.Seconds, 1, SerialSlack, $"pass if <= {SerialSlack}x (one turn at a time)", "x");

            var batches = settings.BatchesOf(function);
            foreach (var pool in ran.Where(o => o.Figures.Executor is ExecutorCatalog.StatelessPool or ExecutorCatalog.Cluster))
            {
                var cores = pool.Figures.Executor == ExecutorCatalog.StatelessPool ? shape.CoresOfOneSilo : shape.MachineCores;
                var limit = Math.Min(batches, cores);
                if (limit == 1)
                {
                    judgement.Note($"{pool.Name}: {batches} batch(es) on {cores} core(s) can use one core only, so its speed is not compared");
                    continue;
                }

                speedups++;
                judgement.Speedup(
                    $"{pool.Name} speedup over {single.Name}",
                    single.Seconds / pool.Seconds,
                    single.Model.Seconds / pool.Model.Seconds,
                    SpeedupTolerance,
                    limit,
                    $"{limit} = min(batches, cores)");
                if (pool.Figures.Cluster is { } cluster)
                {
                    judgement.Note($"{pool.Name}: batches ran {string.Join(", ", cluster.UnitsPerSilo.Select(p => $"{p.Value} on {p.Key}"))}; {cluster.RetriedJobs} retried");
                }
            }
        }

        if (!timed)
        {
            judgement.NotJudged($"the executors' times are judged on {TimedFunction.Name}, which did not run");
        }
        else if (speedups == 0)
        {
            judgement.NotJudged($"no pool could use more than one core here ({shape}), so no executor can be faster than one grain");
        }
    }

    /// <summary>The article's Python for the same claim, run beside it with <c>--python</c>.</summary>
    public override PythonTwin? Twin(ExecutorsSettings settings) => PythonTwins.TinyTasks(settings.Items);

    protected override string Why(ExecutorsSettings settings, ClusterShape shape, ExecutorsCosts costs) =>
        $"An executor only decides where the batches of a named function run; the function and its results stay the same. T is the inline loop " +
        $"({costs.Doubling.MicrosecondsPerItem * 1e3:0.#} ns an item * 2, {costs.PiChunk.MicrosecondsPerItem / 1e3:0.##} ms a pi chunk) and one call costs {costs.CallSeconds * 1e6:0} µs. " +
        "One ordinary grain runs one batch at a time (threads under the GIL), so it is no faster than the loop; a stateless pool runs a batch " +
        $"per core ({shape.CoresOfOneSilo} here), so a function with enough batches spreads over every core, as a process pool does; " +
        "a function with one batch gains nothing from cores and pays the call.";

    private static int Ceiling(int value, int divisor) => (value + divisor - 1) / divisor;
}
