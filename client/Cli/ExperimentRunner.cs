using Concurrency.Client.Connection;
using Concurrency.Client.Experiments;
using Concurrency.Client.Output;
using Concurrency.Client.Results;
using Spectre.Console;

namespace Concurrency.Client.Cli;

/// <summary>
/// Runs prepared experiments on a cluster, shows progress where a person is watching, and prints the report:
/// JSON alone on stdout with <c>--json</c>, tables otherwise. A run cut short by Ctrl+C reports what finished,
/// marked incomplete, and exits with 130.
/// </summary>
public static class ExperimentRunner
{
    public const int Interrupted = 130;

    public static async Task<int> RunAsync(IReadOnlyList<IPreparedExperiment> experiments, ConnectionRequest request, bool json, CancellationToken cancellationToken)
    {
        var report = await CollectAsync(experiments, request, json, cancellationToken);
        if (json)
        {
            await Console.Out.WriteLineAsync(ReportJson.Serialize(report));
        }
        else
        {
            ReportRenderer.Render(AnsiConsole.Console, report);
        }

        return report.Complete ? 0 : Interrupted;
    }

    /// <summary>
    /// Runs the experiments and returns the report without printing it; progress shows unless <paramref name="json"/>.
    /// A run cut short by Ctrl+C returns what finished, marked incomplete.
    /// </summary>
    public static async Task<RunReport> CollectAsync(IReadOnlyList<IPreparedExperiment> experiments, ConnectionRequest request, bool json, CancellationToken cancellationToken)
    {
        using var interrupt = new Interrupt(cancellationToken);
        var token = interrupt.Token;

        await using var connection = await ClusterConnection.OpenAsync(request, Console.Error, token);
        var cluster = await connection.DescribeAsync();
        var results = new List<ExperimentResult>();
        var complete = true;

        try
        {
            if (json)
            {
                await RunEachAsync(experiments, new ExperimentContext(connection.Grains, cluster), results, token);
            }
            else if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
            {
                await AnsiConsole.Progress()
                    .AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                    .StartAsync(async progress => await RunEachAsync(experiments, new ExperimentContext(connection.Grains, cluster, new SpectreProgressSink(progress)), results, token));
            }
            else
            {
                await RunEachAsync(experiments, new ExperimentContext(connection.Grains, cluster, new PlainProgressSink(Console.Out)), results, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            complete = false;
        }

        return new RunReport(cluster, results, complete);
    }

    private static async Task RunEachAsync(IReadOnlyList<IPreparedExperiment> experiments, ExperimentContext context, List<ExperimentResult> results, CancellationToken cancellationToken)
    {
        foreach (var experiment in experiments)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await experiment.RunAsync(context, cancellationToken));
        }
    }

    /// <summary>The first Ctrl+C cancels the run so it can report what finished; a second one exits at once.</summary>
    private sealed class Interrupt : IDisposable
    {
        private readonly CancellationTokenSource _source;
        private int _presses;

        public Interrupt(CancellationToken outer)
        {
            _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
            Console.CancelKeyPress += OnCancelKeyPress;
        }

        public CancellationToken Token => _source.Token;

        private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
        {
            if (Interlocked.Increment(ref _presses) > 1)
            {
                Environment.Exit(Interrupted);
            }

            e.Cancel = true;
            Console.Error.WriteLine("Interrupted: stopping the run (Ctrl+C again to quit at once).");
            _source.Cancel();
        }

        public void Dispose()
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
            _source.Dispose();
        }
    }
}
