using System.Globalization;
using Concurrency.Client.Downloads;
using Spectre.Console;

namespace Concurrency.Client.Output;

/// <summary>A URL list's account: a row per URL (status, bytes, time, tries) and the totals, as a table or as JSON.</summary>
public static class UrlReportRenderer
{
    public static void Render(IAnsiConsole console, UrlDownloadReport report)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("line").RightAligned())
            .AddColumn("url")
            .AddColumn("status")
            .AddColumn(new TableColumn("bytes").RightAligned())
            .AddColumn(new TableColumn("time").RightAligned())
            .AddColumn(new TableColumn("attempts").RightAligned());
        foreach (var url in report.Urls)
        {
            table.AddRow(
                url.Line.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(url.Url),
                url.Succeeded ? $"[green]{Markup.Escape(url.Status)}[/]" : $"[red]{Markup.Escape(url.Status)}[/]",
                url.Bytes.ToString("N0", CultureInfo.InvariantCulture),
                url.Attempts > 0 ? ReportRenderer.Seconds(url.Seconds) : "-",
                url.Attempts.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
        console.MarkupLine(Markup.Escape(
            $"{report.Urls.Count:N0} URLs in {ReportRenderer.Seconds(report.Seconds)} (at most {report.Concurrency:N0} at once): " +
            $"{report.Succeeded:N0} succeeded, {report.Failed:N0} failed, {report.Retries:N0} retries, {report.Bytes:N0} bytes."));
        foreach (var (reason, count) in report.FailureReasons)
        {
            console.MarkupLine($"  [red]{count:N0}[/] × {Markup.Escape(reason)}");
        }

        if (!report.Complete)
        {
            console.MarkupLine("[yellow]The run was cut short: URLs marked 'not finished' were not downloaded.[/]");
        }
    }

    /// <summary>The <c>--json</c> document: the per-URL rows, then totals that add up to them.</summary>
    public static object Json(UrlDownloadReport report) => new
    {
        parameters = new { concurrency = report.Concurrency, timeoutSeconds = report.TimeoutSeconds, retries = report.MaxRetries },
        urls = report.Urls,
        summary = new
        {
            urls = report.Urls.Count,
            succeeded = report.Succeeded,
            failed = report.Failed,
            attempts = report.Attempts,
            retries = report.Retries,
            bytes = report.Bytes,
            seconds = report.Seconds,
            failureReasons = report.FailureReasons,
        },
        complete = report.Complete,
    };
}
