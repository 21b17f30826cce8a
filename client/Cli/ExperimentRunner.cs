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
    public const int Interrupted = Interrupt.ExitCode;

    public static async Task<int> RunAsync(IReadOnlyList<IPreparedExperiment> experiments, ConnectionRequest request, bool json, CancellationToken cancellationToken)
    {
        using var interrupt = new Interrupt(cancellationToken);
        var token = interrupt.Token;

        await using var connection = await ClusterConnection.OpenAsync(request, Console.Error, token);
        var cluster = await connection.DescribeAsync();
        var sitesBase = await connection.SitesBaseAsync();
        var results = new List<ExperimentResult>();
        var complete = true;

        try
        {
            await ProgressDisplay.RunAsync(json, progress => RunEachAsync(experiments, new ExperimentContext(connection.Grains, cluster, progress, sitesBase), results, token));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            complete = false;
        }

        var report = new RunReport(cluster, results, complete);
        if (json)
        {
            await Console.Out.WriteLineAsync(ReportJson.Serialize(report));
        }
        else
        {
            ReportRenderer.Render(AnsiConsole.Console, report);
        }

        return complete ? 0 : Interrupted;
    }

    private static async Task RunEachAsync(IReadOnlyList<IPreparedExperiment> experiments, ExperimentContext context, List<ExperimentResult> results, CancellationToken cancellationToken)
    {
        foreach (var experiment in experiments)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await experiment.RunAsync(context, cancellationToken));
        }
    }
}
