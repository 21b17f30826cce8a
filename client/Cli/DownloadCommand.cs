using System.CommandLine;
using Concurrency.Abstractions;
using Concurrency.Cli;
using Concurrency.Client.Connection;
using Concurrency.Client.Downloads;
using Concurrency.Client.Experiments;
using Concurrency.Client.Output;
using Concurrency.Client.Results;
using Concurrency.Hosting;
using Spectre.Console;

namespace Concurrency.Client.Cli;

/// <summary>
/// <c>client download --urls FILE</c>: the user's own URLs, fetched by the same downloader grains with the same
/// retries, timeouts and circuit breaker as the experiments, each one accounted for in a table or in JSON.
/// </summary>
public static class DownloadCommand
{
    public const int DefaultConcurrency = 64;
    public const int MaxConcurrency = 10_000;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static Option<string> Urls { get; } = new(UrlList.OptionName)
    {
        Description = "A text file with one http or https URL a line; blank lines and lines starting with # are skipped.",
        Required = true,
    };

    public static Option<int?> Concurrency { get; } = CliOptions.Count(
        "--concurrency", $"At most this many downloads (and sockets) at once (default {DefaultConcurrency}).", 1, MaxConcurrency);

    public static Option<TimeSpan?> Timeout { get; } = CliOptions.Duration(
        "--timeout", $"How long one try may take, headers and body (default {DurationText.Format(DefaultTimeout)}).", TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10));

    public static Option<int?> Retries { get; } = CliOptions.Count(
        "--retries", $"Tries after a failed first one, with exponential backoff and jitter (default {DownloadsExperiment.DefaultRetries}).", 0, HttpFetch.MaxRetries);

    public static Command Create()
    {
        var command = new Command("download", "Download a list of URLs with the downloader grains, with retries, and report each one.")
        {
            Urls, Concurrency, Timeout, Retries,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        // Everything is checked before any silo starts: a missing file is bad input, one line and exit code 2.
        var entries = UrlList.Load(parse.GetValue(Urls)!);
        var concurrency = parse.GetValue(Concurrency) ?? DefaultConcurrency;
        var fetch = new HttpFetch(null, parse.GetValue(Timeout) ?? DefaultTimeout, parse.GetValue(Retries) ?? DownloadsExperiment.DefaultRetries);
        var json = parse.GetValue(GlobalOptions.Json);

        using var interrupt = new Interrupt(cancellationToken);
        await using var connection = await ClusterConnection.OpenAsync(GlobalOptions.ConnectionFrom(parse), Console.Error, interrupt.Token);
        using var watch = interrupt.StopWhen(connection.LostReason, connection.Lost);
        var keyBase = GrainKeys.NewBase();

        IReadOnlyList<UrlOutcome> outcomes = [];
        var (_, seconds) = await Measure.SecondsAsync(async () =>
        {
            await ProgressDisplay.RunAsync(json, async progress =>
            {
                using var task = progress.Start(new("download"), entries.Count);
                outcomes = await UrlDownloads.RunAsync(connection.Grains, entries, fetch, concurrency, keyBase, task, interrupt.Token);
            });
            return 0;
        });

        var report = new UrlDownloadReport(outcomes, seconds, concurrency, fetch.Timeout.TotalSeconds, fetch.Retries, !interrupt.Token.IsCancellationRequested);
        if (json)
        {
            await Console.Out.WriteLineAsync(ReportJson.Serialize(UrlReportRenderer.Json(report)));
        }
        else
        {
            UrlReportRenderer.Render(AnsiConsole.Console, report);
        }

        return report.Complete ? CommandLineRunner.Ok : interrupt.StoppedExitCode;
    }
}
