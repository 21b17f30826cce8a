using Concurrency.Client.Reporting;
using Concurrency.Client.Results;
using Concurrency.Client.Tracing;

namespace Concurrency.Client.Cli;

/// <summary>After a traced run: drains the silos, writes the trace and the report, and says so on stderr (stdout may be --json).</summary>
public static class RunArtifacts
{
    /// <summary>How long draining every silo's buffer may take.</summary>
    public static readonly TimeSpan CollectTimeout = TimeSpan.FromSeconds(30);

    public static async Task<RunReport> WriteAsync(RunReport report, TraceRecorder recorder, IGrainFactory grains, RunOutputs outputs, TextWriter status)
    {
        using var timeout = new CancellationTokenSource(CollectTimeout);
        RunTrace trace;
        try
        {
            trace = await recorder.CollectAsync(grains, timeout.Token);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or OperationCanceledException)
        {
            // The results stand without their timeline: say why, and print them anyway.
            await status.WriteLineAsync($"client: could not collect the trace from the silos ({e.Message.ReplaceLineEndings(" ")}); no --trace or --report file was written.");
            return report;
        }

        report = report with
        {
            Trace = new TraceSummary(outputs.TracePath, trace.Silos.Count, trace.Recorded, trace.Dropped, trace.Limit, trace.LimitNote) { KeptSeconds = trace.KeptSpan?.Seconds },
        };

        if (outputs.TracePath is { } tracePath)
        {
            await using (var file = File.Create(tracePath))
            {
                ChromeTraceWriter.Write(file, trace);
            }

            // The line that names the file says what it holds, and when the rings dropped calls, that it is the run's end.
            var held = trace.LimitNote ?? $"{trace.Calls:N0} grain calls";
            await status.WriteLineAsync($"Trace: {tracePath} ({held}; {trace.Silos.Count} silo(s)); open it in https://ui.perfetto.dev or chrome://tracing.");
        }
        else if (trace.LimitNote is { } note)
        {
            await status.WriteLineAsync($"client: {note}.");
        }

        if (outputs.ReportPath is { } reportPath)
        {
            await File.WriteAllTextAsync(reportPath, HtmlReport.Render(report, trace));
            await status.WriteLineAsync($"Report: {reportPath}");
        }

        return report;
    }
}
