using Concurrency.Client.Cluster;
using Concurrency.Client.Connection;
using Concurrency.Client.Experiments;
using Concurrency.Client.Lab;
using Concurrency.Client.Output;
using Concurrency.Client.Python;
using Concurrency.Client.Results;
using Concurrency.Client.Tracing;
using Concurrency.Hosting;
using Spectre.Console;

namespace Concurrency.Client.Cli;

/// <summary>
/// Runs prepared experiments on a cluster, shows progress where a person is watching, and prints the report:
/// JSON alone on stdout with <c>--json</c>, tables otherwise; with <c>--trace</c> or <c>--report</c> it records the
/// run's grain calls and writes the timeline and the HTML report. A run cut short by Ctrl+C reports what finished,
/// marked incomplete, and exits with 130.
/// </summary>
public static class ExperimentRunner
{
    public const int Interrupted = Interrupt.ExitCode;

    /// <summary>Every experiment ran, and at least one claim did not hold. (Held and not judged both exit 0.)</summary>
    public const int ClaimFailed = 1;

    public static async Task<int> RunAsync(IReadOnlyList<IPreparedExperiment> experiments, ConnectionRequest request, bool json, RunOutputs outputs, CancellationToken cancellationToken)
    {
        var report = await CollectAsync(experiments, request, json, outputs, cancellationToken, Show);

        return ExitCode(report);
    }

    /// <summary>The exit code that a finished report earns.</summary>
    public static int ExitCode(RunReport report) => report.Complete ? (report.Experiments.Any(e => e.Verdict.State == VerdictState.DoesNotHold) ? ClaimFailed : 0) : Interrupt.ExitCodeFor(report.Stopped);

    /// <summary>
    /// Runs the experiments and returns the report without printing it; progress shows unless <paramref name="json"/>.
    /// A run cut short by Ctrl+C returns what finished, marked incomplete.
    /// </summary>
    public static async Task<RunReport> CollectAsync(
        IReadOnlyList<IPreparedExperiment> experiments, ConnectionRequest request, bool json, RunOutputs outputs, CancellationToken cancellationToken, Func<RunReport, bool, Task>? show = null)
    {
        using var interrupt = new Interrupt(cancellationToken);
        var token = interrupt.Token;

        await using var connection = await ClusterConnection.OpenAsync(request, Console.Error, token);
        using var watch = interrupt.StopWhen(connection.LostReason, connection.Lost);

        // A silo that dies while a strategy that cannot resend its calls is running stops the run (see SiloDeathWatch).
        // One that a strategy's roster sees leave is also news for the lab page.
        var lab = new LabFeed(connection.Grains);
        var progressObserver = lab.Observe(request.Verbose ? new ProgressClusterObserver(Console.Error) : null);
        await using var deaths = connection.Embedded ? null : await SiloDeathWatch.StartAsync(connection.Grains, progressObserver, token, connection.Calls);
        var cluster = await connection.DescribeAsync(deaths, token);
        var sitesBase = await connection.SitesBaseAsync();
        var results = new List<ExperimentResult>();
        var complete = true;
        string? stopped = null;

        // Tracing wraps whatever progress sink the run uses, so strategy sections are marked the same way with a
        // terminal, a pipe or --json.
        var recorder = outputs.Tracing ? new TraceRecorder(outputs.CallLimit) : null;
        var python = outputs.Python ? PythonRunner.Find() : null;
        if (python?.Missing is { } missing)
        {
            await Console.Error.WriteLineAsync(missing);
        }

        ExperimentContext Context(IProgressSink sink)
        {
            var context = new ExperimentContext(connection.Grains, cluster, recorder is null ? sink : new TracingProgressSink(sink, recorder), sitesBase)
            {
                Python = python,
                Observer = lab,

                // Setup steps and departures of cluster strategies, on stderr beside the connection's own lines.
                ClusterObserver = deaths ?? progressObserver,
                DeathWatch = deaths,
            };
            return context;
        }

        try
        {
            using var traced = recorder?.Begin();
            // Watched while experiments run, not after: a silo declared dead once the work is in stops nothing.
            using (deaths is null ? null : interrupt.StopWhen(() => deaths.Reason!, deaths.Died))
            {
                await ProgressDisplay.RunAsync(json, request.Verbose, progress => RunEachAsync(experiments, Context(progress), results, () => interrupt.Reason, token));
            }
        }
        catch (InterruptedException interrupted)
        {
            results.Add(interrupted.Partial);
            complete = false;
            stopped = interrupted.Reason;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            complete = false;
        }

        await lab.FlushAsync();
        var report = new RunReport(cluster, results, complete) { Stopped = complete ? null : stopped ?? interrupt.Reason };
        if (recorder is not null)
        {
            // Written while the connection is still open: the trace is drained from the silos.
            report = await RunArtifacts.WriteAsync(report, recorder, connection.Grains, outputs, Console.Error);
        }

        if (show is not null)
        {
            // Shown while the connection is open: with --dashboard the embedded silo then keeps serving its pages.
            await show(report, json);
            await connection.ServeUntilEnterAsync(Console.Error, token);
        }

        return report;
    }

    private static async Task Show(RunReport report, bool json)
    {
        if (json)
        {
            await Console.Out.WriteLineAsync(ReportJson.Serialize(report));
        }
        else
        {
            ReportRenderer.Render(AnsiConsole.Console, report);
        }
    }

    private static async Task RunEachAsync(IReadOnlyList<IPreparedExperiment> experiments, ExperimentContext context, List<ExperimentResult> results, Func<string?> reason, CancellationToken cancellationToken)
    {
        foreach (var experiment in experiments)
        {
            results.Add(await RunOneAsync(experiment, context, cancellationToken, reason));
        }
    }

    /// <summary>
    /// Runs one experiment, and tells the context's observer how it ended. Cut short by
    /// <paramref name="cancellationToken"/>, it throws an <see cref="InterruptedException"/> that carries what
    /// finished: the strategies done so far, and no verdict.
    /// </summary>
    public static async Task<ExperimentResult> RunOneAsync(IPreparedExperiment experiment, ExperimentContext context, CancellationToken cancellationToken, Func<string?>? reason = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        context.BeginExperiment();
        try
        {
            var result = await experiment.RunAsync(context, cancellationToken);

            // Grains answer a cancelled call with what they finished, so a run can return normally after Ctrl+C:
            // it is still cut short.
            cancellationToken.ThrowIfCancellationRequested();
            context.Observer?.ExperimentFinished(result);
            return result;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not InterruptedException)
        {
            throw Stopped(reason?.Invoke() ?? Interrupt.CtrlC);
        }
        catch (Exception e) when (Failure.Classify(e) is not FailureKind.Fatal)
        {
            throw Stopped(CallFailed(e));
        }

        InterruptedException Stopped(string why)
        {
            var partial = ExperimentResult.Interrupted(experiment.Experiment.Name, experiment.Experiment.Claim, context.Finished, why);
            context.Observer?.ExperimentFinished(partial);
            return new(partial, why, cancellationToken);
        }
    }

    /// <summary>
    /// What a grain call that failed on the cluster's side means for the run. Only the cluster strategies resend work
    /// (their chunks are idempotent by key, and counted once); every other strategy is a timing of calls as they ran,
    /// and a resent call would be a different measurement, so the experiment stops there and says why.
    /// </summary>
    public static string CallFailed(Exception e)
    {
        var error = e.Unwrapped();
        var message = error.Message.ReplaceLineEndings(" ");
        var firstSentence = message.IndexOf(". ", StringComparison.Ordinal) is > 0 and var end ? message[..end] : message;
        return Failure.Classify(error) is FailureKind.Unknown
            ? $"A grain call timed out, so its outcome is unknown (the silo may have run it, or may still be running it); it was not resent, because only the cluster strategies' work is idempotent ({firstSentence})"
            : $"A grain call failed because its silo left the cluster or refused it; it was not resent, because only the cluster strategies' work is idempotent ({firstSentence})";
    }
}
