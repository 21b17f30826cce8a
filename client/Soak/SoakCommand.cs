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
/// pending); then it waits, idle, until the soak's grains have been collected. A silo that leaks shows it here: its
/// activations or memory climb with the iterations, or never come back down.
/// </summary>
public static class SoakCommand
{
    /// <summary>Activations the cluster may hold above its starting count once settled (system grains come and go).</summary>
    public const int ActivationSlack = 8;

    /// <summary>Small sizes of every experiment, so one iteration takes seconds and every kind of grain is used.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> IterationArgs = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["downloads"] = ["--count", "20", "--latency", "50ms"],
        ["async-fetch"] = ["--count", "20", "--latency", "50ms"],
        ["blocking"] = ["--count", "20", "--latency", "50ms", "--grains", "4"],
        ["cpu"] = ["--jobs", "2", "--terms", "2000000"],
        ["overhead"] = ["--items", "2000"],
        ["executors"] = ["--items", "2000", "--pi-items", "8"],
        ["mixed"] = ["--requests", "30", "--rate", "200", "--latency", "50ms", "--jobs", "2", "--terms", "2000000"],
    };

    public static Option<TimeSpan?> Duration { get; } = CliOptions.Duration("--duration", "How long to loop, e.g. 30s or 5m.", TimeSpan.FromSeconds(1), TimeSpan.FromHours(24));

    /// <summary>Idle grains go after <see cref="GrainLifetime.IdleSeconds"/>, checked every collection quantum: allow both, twice over.</summary>
    private static TimeSpan SettleLimit => TimeSpan.FromSeconds(2 * GrainLifetime.IdleSeconds) + 2 * GrainLifetime.CollectionQuantum;

    public static Command Create()
    {
        var command = new Command("soak", "Run every experiment in a loop against one cluster and watch the silo's activations and memory.") { Duration };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var duration = parse.GetValue(Duration) ?? throw new UsageException("soak needs --duration, e.g. --duration 5m.");
        var connectionRequest = GlobalOptions.ConnectionFrom(parse);
        var json = parse.GetValue(GlobalOptions.Json);
        // Each experiment at its quick sizes, smaller still where the soak names its own.
        var experiments = ExperimentCatalog.All.Select(e => RunCommand.Prepare(e, IterationArgs.GetValueOrDefault(e.Name, []), quick: true)).ToList();

        using var interrupt = new Interrupt(cancellationToken);
        var token = interrupt.Token;
        await using var connection = await ClusterConnection.OpenAsync(connectionRequest, Console.Error, token);
        using var watch = interrupt.StopWhen(connection.LostReason, connection.Lost);
        var context = new ExperimentContext(connection.Grains, await connection.DescribeAsync());
        var log = json ? Console.Error : Console.Out;

        var started = Stopwatch.GetTimestamp();
        var baseline = await SampleAsync(connection.Grains, 0, started);
        var samples = new List<SoakSample>();
        var failures = new List<string>();
        var (iterations, ran, complete) = (0, 0, true);
        try
        {
            while (Stopwatch.GetElapsedTime(started) < duration)
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

        var settled = complete ? await SettleAsync(connection.Grains, baseline, started, log, token) : null;
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

    /// <summary>Polls, idle, until the activations are back at the baseline; null if they are not within the settle limit.</summary>
    private static async Task<SoakSample?> SettleAsync(IGrainFactory grains, SoakSample baseline, long started, TextWriter log, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(SettleLimit.TotalSeconds * Stopwatch.Frequency);
        await log.WriteLineAsync($"settling: waiting up to {SettleLimit.TotalSeconds:0} s for idle grains to be collected (idle limit {GrainLifetime.IdleSeconds} s)");
        try
        {
            while (true)
            {
                var sample = await SampleAsync(grains, -1, started);
                if (sample.Activations <= baseline.Activations + ActivationSlack && sample.RunningCrunches == 0 && sample.PendingNetworkTimers == 0)
                {
                    return sample;
                }

                if (Stopwatch.GetTimestamp() > deadline)
                {
                    await log.WriteLineAsync($"not settled: {Describe(sample)}");
                    return null;
                }

                // No event tells a client that the silo collected an activation: poll, once a second, up to the deadline.
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
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
