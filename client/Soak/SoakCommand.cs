using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Concurrency.Abstractions;
using Concurrency.Cli;
using Concurrency.Client.Cli;
using Concurrency.Client.Connection;
using Concurrency.Client.Experiments;
using Concurrency.Client.Output;
using Concurrency.Client.Results;
using Concurrency.Grains;
using Concurrency.Hosting;

namespace Concurrency.Client.Soak;

/// <summary>
/// <c>client soak --duration D</c>: every experiment, at small sizes, in a loop against one cluster for D, sampling the
/// silo after each iteration (activations, working set, managed heap, crunch calls still running, network timers
/// pending); then it asks the cluster to collect every idle activation at once. A silo that leaks shows it here: its
/// activations or memory climb with the iterations, or an activation outlives the collection (a timer, a crunch or a
/// call still holding it).
/// </summary>
public static class SoakCommand
{
    /// <summary>Activations the cluster may hold above its starting count once settled (system grains come and go).</summary>
    public const int ActivationSlack = 8;

    /// <summary>Idle for this long once the loop is over: every activation the soak made, none that is still in a call.</summary>
    private static readonly TimeSpan CollectIdleFor = TimeSpan.FromMilliseconds(100);

    public static Option<TimeSpan?> Duration { get; } = CliOptions.Duration("--duration", "How long to loop, e.g. 30s or 5m.", TimeSpan.FromSeconds(1), TimeSpan.FromHours(24));

    public static Option<int?> Iterations { get; } = CliOptions.Count("--iterations", "How many times to run every experiment (instead of --duration).", 1, 100_000);

    public static Command Create()
    {
        var command = new Command("soak", "Run every experiment in a loop against one cluster and watch the silo's activations and memory.") { Duration, Iterations };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var (duration, count) = (parse.GetValue(Duration), parse.GetValue(Iterations));
        if ((duration is null) == (count is null))
        {
            throw new UsageException("soak needs one of --duration (e.g. --duration 5m) or --iterations (e.g. --iterations 3).");
        }

        var connectionRequest = GlobalOptions.ConnectionFrom(parse);
        var json = parse.GetValue(GlobalOptions.Json);
        // Each experiment at its quick sizes, smaller still where it names soak sizes of its own.
        var experiments = ExperimentCatalog.All.Select(e => RunCommand.Prepare(e, e.SoakArguments, quick: true)).ToList();

        using var interrupt = new Interrupt(cancellationToken);
        var token = interrupt.Token;
        await using var connection = await ClusterConnection.OpenAsync(connectionRequest, Console.Error, token);
        using var watch = interrupt.StopWhen(connection.LostReason, connection.Lost);
        var context = new ExperimentContext(connection.Grains, await connection.DescribeAsync(cancellationToken: cancellationToken)) { MaxRounds = 1 };
        var log = json ? Console.Error : Console.Out;

        var started = Stopwatch.GetTimestamp();
        var baseline = await SampleAsync(connection.Grains, 0, started);
        var samples = new List<SoakSample>();
        var failures = new List<string>();
        var (iterations, ran, complete) = (0, 0, true);
        try
        {
            while (count is { } n ? iterations < n : Stopwatch.GetElapsedTime(started) < duration)
            {
                iterations++;
                foreach (var experiment in experiments)
                {
                    var result = await ExperimentRunner.RunOneAsync(experiment, context, token, () => interrupt.Reason);
                    ran++;
                    failures.AddRange(Failures(iterations, result));
                }

                var sample = await SampleAsync(connection.Grains, iterations, started);
                samples.Add(sample);
                await log.WriteLineAsync(Describe(sample));
            }
        }
        catch (InterruptedException stopped) when (!token.IsCancellationRequested)
        {
            // A call failed on the cluster's side: the soak found a fault, and says what it was.
            complete = false;
            failures.Add($"iteration {iterations}: {stopped.Partial.Name}: {stopped.Reason}");
            await Console.Error.WriteLineAsync($"{stopped.Reason}; stopping the soak.");
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            complete = false;
        }

        var settled = complete ? await SettleAsync(connection.Grains, baseline, started, log) : null;
        var report = new SoakReport(Stopwatch.GetElapsedTime(started).TotalSeconds, iterations, ran, failures, baseline, samples, settled, complete);
        if (json)
        {
            await Console.Out.WriteLineAsync(ReportJson.Serialize(report));
        }
        else
        {
            await Console.Out.WriteLineAsync(Summary(report));
        }

        return !complete ? (interrupt.Reason is null ? CommandLineRunner.Failure : interrupt.StoppedExitCode) : report.Healthy ? CommandLineRunner.Ok : CommandLineRunner.Failure;
    }

    /// <summary>A soak checks that the lab keeps working, not the article's claims: a failure is a download or call that failed.</summary>
    private static IEnumerable<string> Failures(int iteration, ExperimentResult result) =>
        result.Strategies
            .Where(s => s.Metrics is ICountsFailures { Failed: > 0 })
            .Select(s => $"iteration {iteration}: {result.Name}/{s.Name} had failed calls");

    /// <summary>
    /// Collects every idle activation now, rather than waiting out the idle limit: each silo deactivates them before
    /// the call returns. The sample after it is the settled state, or null if activations, crunches or timers remain.
    /// </summary>
    private static async Task<SoakSample?> SettleAsync(IGrainFactory grains, SoakSample baseline, long started, TextWriter log)
    {
        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(CollectIdleFor);
        var sample = await SampleAsync(grains, -1, started);
        if (sample.Activations <= baseline.Activations + ActivationSlack && sample.RunningCrunches == 0 && sample.PendingNetworkTimers == 0)
        {
            return sample;
        }

        await log.WriteLineAsync($"not settled after collecting idle activations: {Describe(sample)}");
        return null;
    }

    private static async Task<SoakSample> SampleAsync(IGrainFactory grains, int iteration, long started)
    {
        var activations = await grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount();
        var health = await grains.GetGrain<ISiloInfoGrain>(0).Health();
        const double Megabyte = 1024 * 1024;
        return new SoakSample(
            iteration,
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            activations,
            Math.Round(health.WorkingSetBytes / Megabyte, 1),
            Math.Round(health.ManagedHeapBytes / Megabyte, 1),
            health.RunningCrunches,
            health.PendingNetworkTimers,
            health.ThreadCount);
    }

    private static string Describe(SoakSample s) =>
        $"{(s.Iteration > 0 ? $"iteration {s.Iteration}" : "idle")} at {s.ElapsedSeconds:0.0} s: {s.Activations} activations, working set {s.WorkingSetMegabytes:0.0} MB, " +
        $"managed heap {s.ManagedHeapMegabytes:0.0} MB, {s.RunningCrunches} crunches running, {s.PendingNetworkTimers} network timers, {s.SiloThreads} pool threads";

    private static string Summary(SoakReport r)
    {
        var first = r.Samples.Count > 0 ? r.Samples[0] : null;
        var last = r.Samples.Count > 0 ? r.Samples[^1] : null;
        var peak = r.Samples.Count > 0 ? r.Samples.Max(s => s.Activations) : 0;
        var settled = r.Settled is { } s
            ? $"settled at {s.ElapsedSeconds:0.0} s: {s.Activations} activations (baseline {r.Baseline.Activations}), working set {s.WorkingSetMegabytes:0.0} MB"
            : "did NOT settle back to the baseline activations";
        return $"soak: {r.Iterations} iterations, {r.ExperimentsRun} experiment runs in {r.DurationSeconds:0.0} s, {r.Failures.Count} failures; " +
            $"activations baseline {r.Baseline.Activations}, after the first iteration {first?.Activations}, peak {peak}, last {last?.Activations}; " +
            $"working set baseline {r.Baseline.WorkingSetMegabytes:0.0} MB, first {first?.WorkingSetMegabytes:0.0} MB, last {last?.WorkingSetMegabytes:0.0} MB; {settled}.";
    }
}
