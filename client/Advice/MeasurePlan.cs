using Concurrency.Abstractions;
using Concurrency.Cli;
using Concurrency.Client.Cli;
using Concurrency.Client.Executors;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;
using Concurrency.Hosting;

namespace Concurrency.Client.Advice;

/// <summary>
/// How <c>advise --measure</c> runs an advice's experiment at the user's sizes: the experiment's own options, given as a
/// user would type them (so they are checked the same way), and the strategies worth waiting for.
/// </summary>
public sealed record MeasurePlan(IExperiment Experiment, IReadOnlyList<string> Arguments, IReadOnlyList<string>? Strategies, IReadOnlyList<string> KeptDefaults)
{
    /// <summary>
    /// The slow strategy an advice is measured against (one call after another) runs only when it fits this: it
    /// shows what the advice saves, and nobody should wait minutes for that.
    /// </summary>
    public static readonly TimeSpan ContrastBudget = TimeSpan.FromSeconds(10);

    /// <summary>The command that runs the same measurement.</summary>
    public string CommandLine => string.Join(' ', new[] { "client run", Experiment.Name }
        .Concat(Arguments)
        .Concat(Strategies is null ? [] : ["--strategy", string.Join(',', Strategies)]));

    /// <summary>The plan for <paramref name="advice"/>: its experiment at the workload's sizes.</summary>
    public static MeasurePlan For(WorkloadAdvice advice)
    {
        var experiment = advice.Measure;
        var w = advice.Workload;
        var (count, latency) = (w.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture), DurationText.Format(w.Duration));
        var oneAfterAnother = w.Duration * w.Concurrency;
        var contrastFits = oneAfterAnother <= ContrastBudget;
        (string Option, string Value)[] sizes;
        IReadOnlyList<IStrategy>? strategies = null;
        switch (advice.Branch)
        {
            case DecisionBranch.ManyIo:
                sizes = [("--count", count), ("--latency", latency)];
                var callsFit = w.Concurrency <= AsyncFetchExperiment.MaxCalls;
                strategies = new[]
                {
                    (AsyncFetchExperiment.Gather, true),
                    (AsyncFetchExperiment.SeparateCalls, callsFit && contrastFits),
                    (AsyncFetchExperiment.Reentrant, callsFit),
                }.Where(s => s.Item2).Select(IStrategy (s) => s.Item1).ToList();
                break;
            case DecisionBranch.ManyIoSimple:
                sizes = [("--count", count), ("--latency", latency)];
                strategies = contrastFits
                    ? [DownloadsExperiment.Sequential, DownloadsExperiment.Concurrent]
                    : [DownloadsExperiment.Concurrent];
                break;
            case DecisionBranch.FewIo:
                // A few operations: as many files, read with plain code and with concurrency's machinery.
                sizes = [("--files", count)];
                break;
            case DecisionBranch.BlockingBridge:
                // Each request is a call chain A -> B -> A: as many chains as the operations, each waiting its latency.
                sizes = [("--requests", count), ("--latency", latency)];
                break;
            case DecisionBranch.FreeThreads:
                sizes = [("--jobs", count)];
                break;
            case DecisionBranch.Cpu:
                sizes = [("--jobs", count)];
                break;
            case DecisionBranch.TinyCpu:
                sizes = [("--items", count)];
                break;
            case DecisionBranch.CpuSimple:
                // Jobs long next to a call: the pi-chunk map is the measurement that says which executor to keep.
                sizes = [];
                strategies = [.. ExecutorCatalog.Names.Select(e => ExecutorsExperiment.Mapping(e, WorkFunctions.PiChunk))];
                break;
            case DecisionBranch.Mixed:
                sizes = [("--latency", latency)];
                break;
            default:
                sizes = [];
                break;
        }

        var takes = experiment.Settings.Select(s => s.Option.Name).ToHashSet(StringComparer.Ordinal);
        var applied = sizes.Where(s => takes.Contains(s.Option)).SelectMany(s => new[] { s.Option, s.Value }).ToList();
        var kept = experiment.Settings.Select(s => s.Option.Name).Where(n => !applied.Contains(n)).ToList();
        return new MeasurePlan(experiment, applied, strategies is null || strategies.SequenceEqual(experiment.Strategies) ? null : [.. strategies.Select(s => s.Name)], kept);
    }

    /// <summary>Binds the experiment to the plan's sizes; bad sizes are refused as the user's own options would be.</summary>
    public IPreparedExperiment Prepare()
    {
        try
        {
            return RunCommand.Prepare(Experiment, Arguments, Strategies);
        }
        catch (UsageException e)
        {
            throw new UsageException($"--measure cannot run {Experiment.Name} at these sizes: {e.Message}");
        }
    }

    /// <summary>Whether the advice held where it was measured, and the figures that say so.</summary>
    public static (bool Held, string Verdict) Judge(WorkloadAdvice advice, ExperimentResult result)
    {
        var fastest = result.Strategies.MinBy(s => s.MeasuredSeconds);
        var figures = fastest is null ? "" : $" ({fastest.Name} was fastest, {fastest.MeasuredSeconds:0.###} s)";
        if (result is { Complete: true, Verdict: { State: VerdictState.NotJudged, Checks.Count: > 0 } verdict })
        {
            // The slow contrast was left out at these sizes: the advice held if what did run kept to its model.
            return verdict.Checks.All(c => c.Passed)
                ? (true, $"the {result.Name} checks that ran held at your sizes{figures}, though the claim was not judged in full: {verdict.NotJudgedReason}")
                : (false, $"the {result.Name} claim did not hold at your sizes{figures}: {result.Explanation}");
        }

        return result.Holds
            ? (true, $"the {result.Name} claim held at your sizes{figures}")
            : (false, $"the {result.Name} claim did not hold at your sizes{figures}: {result.Explanation}");
    }
}
