using System.Reflection;
using Concurrency.Client.Experiments.Isolation;
using Concurrency.Client.Results;
using Concurrency.Client.Tracing;

namespace Concurrency.Client.Reporting;

/// <summary>
/// The run as one self-contained HTML page: the template, Chart.js and the run's data, all inline, so it opens
/// offline from a file. The page draws everything from the data, driven by what the results contain: every
/// experiment gets its expected-vs-measured chart; percentiles (p50Ms, p99Ms, ...) in the strategies' metrics get a
/// percentile chart; a per-call overhead and per-term cost in the parameters get a cost-per-item curve with its
/// break-even; metrics holding a list of points get a line chart; each strategy gets its Gantt chart from the trace.
/// Experiments whose point those generic charts would hide (communication's sizes, spawn's ladder, ...) get charts
/// of their own, keyed on the experiment's name.
/// </summary>
public static class HtmlReport
{
    private const string ChartJsMarker = "/*__CHART_JS__*/";
    private const string DataMarker = "\"__REPORT_DATA__\"";

    public static string Render(RunReport report, RunTrace? trace)
    {
        var data = new
        {
            generated = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
            report,
            timelines = trace is null ? [] : Timelines.From(trace, [.. report.Experiments.SelectMany(e => e.Strategies).SelectMany(s => s.Resends?.SilosLost ?? [])]),

            // Where a copy's cost a byte changes: the communication chart marks it, from the one constant the fits use.
            largeObjectBytes = CopySegments.LargeObjectBytes,
        };

        // Inside <script>, "</script>" would end the block: JSON allows "<" as \u003c, so no string can close it.
        var json = ReportJson.Serialize(data).Replace("<", "\\u003c", StringComparison.Ordinal);
        return Resource("report.html")
            .Replace(ChartJsMarker, Resource("chart.umd.min.js"), StringComparison.Ordinal)
            .Replace(DataMarker, json, StringComparison.Ordinal);
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Concurrency.Client.Reporting.{name}")
            ?? throw new InvalidOperationException($"the client was built without its embedded {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
