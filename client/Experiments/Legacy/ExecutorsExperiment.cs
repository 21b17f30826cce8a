using System.CommandLine;
using Concurrency.Abstractions;
using Concurrency.Client.Cluster;
using Concurrency.Client.Executors;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>Settings of <see cref="ExecutorsExperiment"/>: how many <c>double</c> items and how many <c>pi-chunk</c> items to map.</summary>
public sealed record ExecutorsSettings(int Items, int PiItems, IReadOnlyList<string> Strategies);

/// <summary>
/// concurrent.futures: one function, several executors. Each executor maps the same named function over the same
/// items; the results must be identical, and the times show which executor suits which function. The strategies
/// are the executors; each one reports a row per function, named <c>executor/function</c>.
/// </summary>
public sealed class ExecutorsExperiment : LegacyExperiment<ExecutorsSettings>
{
    /// <summary>On more than one core, the pool must reach this share of the ideal pi-chunk speedup over one grain.</summary>
    public const double PoolTolerance = 0.6;

    public override string Name => "executors";

    public override string Claim =>
        "With an executor abstraction \"you write your function once, then decide whether to run it with threads or processes\": " +
        "the results are the same, only the time changes.";

    public override IReadOnlyList<string> Strategies => ExecutorCatalog.Names;

    public override IReadOnlyList<Option> Options { get; } = [LegacyOptions.Items, LegacyOptions.PiItems, LegacyOptions.Strategy];

    public override ExecutorsSettings Bind(ExperimentArgs args) => new(
        args.Get(LegacyOptions.Items, 10_000_000, quickDefault: 1_000_000),
        args.Get(LegacyOptions.PiItems, 400, quickDefault: 64),
        args.StrategiesOf(this));

    public override async Task<ExperimentResult> RunAsync(ExperimentContext context, ExecutorsSettings settings, CancellationToken cancellationToken)
    {
        var cores = context.Cluster.ProcessorCount;
        var key = GrainKeys.NewBase();
        var executors = settings.Strategies.Select(name => ExecutorCatalog.Create(name, context.Grains, cores, key, context.ClusterObserver)).ToList();
        var strategies = new List<StrategyResult>();
        var verdicts = new List<(bool Ok, string Text)>();
        foreach (var (function, items) in new[] { (WorkFunctions.Doubling, (long)settings.Items), (WorkFunctions.PiChunk, (long)settings.PiItems) })
        {
            var runs = new List<(string Executor, WorkDigest Digest, double Seconds)>();
            var where = new Dictionary<string, Dictionary<string, object?>>();
            foreach (var executor in executors)
            {
                // One batch first: activates the grains and fills the caches, so the clock measures the map itself.
                await executor.MapAsync(function, Math.Min(items, function.BatchSize), _ => { }, cancellationToken);

                using var progress = context.Progress.Start($"executors/{executor.Name}/{function.Name}", items);
                var (digest, seconds) = await Measure.SecondsAsync(() => executor.MapAsync(function, items, progress.Advance, cancellationToken));
                runs.Add((executor.Name, digest, seconds));
                if (executor is ClusterExecutor cluster)
                {
                    where[executor.Name] = new() { ["tally"] = cluster.LastRun, ["siloCores"] = cluster.SiloCores };
                }
            }

            var batches = WorkBatches.Split(function, items).Count;
            var inline = runs.FirstOrDefault(r => r.Executor == ExecutorCatalog.Inline);
            // A function's rows are finished once every executor has mapped it.
            strategies.AddRange(runs.Select(run => context.Finish(LegacyResults.Strategy(
                $"{run.Executor}/{function.Name}",
                Expected(run.Executor, inline.Executor is null ? null : inline.Seconds, Math.Min(where.TryGetValue(run.Executor, out var w) ? (int)w["siloCores"]! : cores, batches)),
                run.Seconds,
                new Dictionary<string, object?>(where.GetValueOrDefault(run.Executor) ?? [])
                {
                    ["executor"] = run.Executor,
                    ["function"] = function.Name,
                    ["items"] = items,
                    ["batches"] = run.Executor == ExecutorCatalog.Inline ? 0 : batches,
                    ["itemsPerSecond"] = items / run.Seconds,
                    ["result"] = (decimal)(function == WorkFunctions.PiChunk ? 4 * run.Digest.Sum : run.Digest.Sum),
                    ["digest"] = $"{run.Digest.Hash:x16}",
                    ["identical"] = run.Digest == runs[0].Digest,
                }), cancellationToken)));
            verdicts.AddRange(Judge(function, items, cores, batches, runs));
            if (where.TryGetValue(ExecutorCatalog.Cluster, out var spread))
            {
                var perSilo = string.Join(", ", ((IReadOnlyDictionary<string, int>)spread["jobsPerSilo"]!).Select(p => $"{p.Value} on {p.Key}"));
                verdicts.Add((true, $"{function.Name}: the cluster executor ran its {batches} batches on {spread["silos"]} silo(s) ({perSilo}; {spread["retriedJobs"]} retried)" +
                    ((int)spread["silos"]! == 1 ? ", the only silo there is"
                        : (int)spread["machines"]! < (int)spread["silos"]! ? $", which share {spread["machineCores"]} cores on {spread["machines"]} machine(s): more silos there cannot add speed" : "")));
            }
        }

        var holds = verdicts.All(v => v.Ok);
        var explanation = string.Join("; ", verdicts.Select(v => v.Text)) + "." +
            " An executor only decides where the batches of a named function run; the function and its results stay the same. " +
            "item * 2 costs nanoseconds, so any executor's price per batch (a message, a turn, a copy) outweighs what extra cores save, " +
            "unless batches carry a million items each; a pi chunk costs a millisecond per item, so spreading batches over every core " +
            "wins, and one ordinary grain (one turn at a time: threads under the GIL) is no faster than the plain loop.";
        return LegacyResults.Experiment(
            Name,
            Claim,
            new Dictionary<string, object?> { ["items"] = settings.Items, ["piItems"] = settings.PiItems, ["processorCount"] = cores },
            strategies,
            holds,
            explanation);
    }

    /// <summary>The ideal model, overhead ignored: one grain runs as fast as the loop; the pool divides it by the cores it can use.</summary>
    private static double? Expected(string executor, double? inline, int parallelism) => executor switch
    {
        ExecutorCatalog.SingleGrain => inline,
        ExecutorCatalog.StatelessPool or ExecutorCatalog.Cluster => inline / parallelism,
        _ => null,
    };

    private static IEnumerable<(bool Ok, string Text)> Judge(WorkFunction function, long items, int cores, int batches, List<(string Executor, WorkDigest Digest, double Seconds)> runs)
    {
        var first = runs[0];
        yield return (runs.All(r => r.Digest == first.Digest),
            $"{function.Name}: {string.Join(", ", runs.Select(r => r.Executor))} returned {(runs.All(r => r.Digest == first.Digest) ? "identical" : "DIFFERENT")} results for {items:N0} items (digest {first.Digest.Hash:x16})");

        if (function == WorkFunctions.Doubling)
        {
            // Sum of 2i for i < n is n(n - 1), exact in a double at these sizes: the items were really computed.
            var expected = (double)items * (items - 1);
            yield return (first.Digest.Sum == expected, $"the doubled items sum to {first.Digest.Sum:N0} (n(n-1) = {expected:N0})");
        }

        var fastest = runs.MinBy(r => r.Seconds);
        yield return (true, $"{function.Name} is fastest with {fastest.Executor} ({string.Join(", ", runs.Select(r => $"{r.Executor} {r.Seconds * 1e3:0.#} ms, {items / r.Seconds:N0} items/s"))})");

        var single = runs.FirstOrDefault(r => r.Executor == ExecutorCatalog.SingleGrain);
        var pool = runs.FirstOrDefault(r => r.Executor == ExecutorCatalog.StatelessPool);
        if (function == WorkFunctions.PiChunk && cores > 1 && single.Executor is not null && pool.Executor is not null)
        {
            var needed = PoolTolerance * Math.Min(cores, batches);
            var speedup = single.Seconds / pool.Seconds;
            yield return (speedup >= needed, $"for pi-chunk the pool is {speedup:0.##}x faster than one grain (needed {PoolTolerance} x min({cores} cores, {batches} batches) = {needed:0.##}x)");
        }
    }
}
