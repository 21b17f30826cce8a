using System.Text.Json;
using System.Text.RegularExpressions;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>The client as a user runs it with <c>--trace</c> and <c>--report</c>: the files, and stdout left to --json.</summary>
[Trait("Category", "Slow")]
public sealed partial class TraceAndReportFilesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lab-trace-").FullName;

    [Fact]
    public async Task A_traced_run_writes_a_chrome_trace_with_tracks_and_sections_and_a_self_contained_report()
    {
        var (tracePath, reportPath) = (Path.Combine(_folder, "t.json"), Path.Combine(_folder, "r.html"));

        var run = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(90),
            "run", "downloads", "--count", "3", "--latency", "100ms", "--embedded", "--json", "--trace", tracePath, "--report", reportPath);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        using var result = JsonDocument.Parse(run.Stdout);
        var summary = result.RootElement.GetProperty("trace");
        Assert.True(summary.GetProperty("recordedCalls").GetInt64() >= 4);
        Assert.Equal(0, summary.GetProperty("droppedEvents").GetInt64());

        using var trace = JsonDocument.Parse(await File.ReadAllTextAsync(tracePath));
        var events = trace.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        string Name(JsonElement e) => e.GetProperty("name").GetString()!;
        string Phase(JsonElement e) => e.GetProperty("ph").GetString()!;

        var processes = events.Where(e => Phase(e) == "M" && Name(e) == "process_name").Select(e => e.GetProperty("args").GetProperty("name").GetString()).ToList();
        Assert.Contains("client", processes);
        Assert.Contains(processes, p => p!.StartsWith("silo ", StringComparison.Ordinal));
        var threads = events.Where(e => Phase(e) == "M" && Name(e) == "thread_name").Select(e => e.GetProperty("args").GetProperty("name").GetString()).ToList();
        Assert.True(threads.Count(t => t!.StartsWith("downloader ", StringComparison.Ordinal)) >= 2, string.Join(", ", threads));
        // The news the client sends to the lab page is not part of the traced run.
        Assert.DoesNotContain(threads, t => t!.StartsWith("ManagementGrain", StringComparison.Ordinal) || t.StartsWith("LabGrain", StringComparison.Ordinal));

        var complete = events.Where(e => Phase(e) == "X").ToList();
        Assert.All(complete, e => Assert.True(e.GetProperty("dur").GetInt64() >= 0 && e.GetProperty("ts").GetInt64() > 0));
        var rounds = result.RootElement.GetProperty("experiments")[0].GetProperty("rounds").GetInt32();
        Assert.Equal(3 * rounds, complete.Count(e => Name(e) == "Download" && e.GetProperty("cat").GetString() == "call"));
        Assert.All(complete.Where(e => e.GetProperty("cat").GetString() == "call"), e => Assert.True(e.GetProperty("args").TryGetProperty("turns", out _)));
        Assert.Contains(complete, e => e.GetProperty("cat").GetString() == "await");
        var sections = complete.Where(e => e.GetProperty("cat").GetString() == "strategy").Select(Name).ToList();
        // A section per strategy a round, each round starting one strategy later.
        Assert.Equal(Enumerable.Range(0, rounds).SelectMany(r => r % 2 == 0 ? new[] { "downloads/sequential", "downloads/concurrent" } : ["downloads/concurrent", "downloads/sequential"]), sections);

        var html = await File.ReadAllTextAsync(reportPath);
        Assert.DoesNotMatch(ExternalResource(), html);
        Assert.Contains("Chart.js v4", html);
        Assert.Contains("downloads/sequential".Split('/')[1], html);
        Assert.Contains("Released under the MIT License", html);
    }

    /// <summary>
    /// A run that records more calls than its ring keeps: the line naming the trace says how many were kept of how
    /// many and that the oldest were dropped, and the run's JSON and the file's metadata count the same.
    /// </summary>
    [Fact]
    public async Task A_trace_whose_ring_filled_says_how_much_it_kept_on_the_line_that_names_it()
    {
        var tracePath = Path.Combine(_folder, "ring.json");

        var run = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(90),
            "run", "downloads", "--count", "6", "--latency", "20ms", "--strategy", "sequential", "--embedded", "--json", "--trace", tracePath, "--trace-limit", "2");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        var named = Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("Trace: ", StringComparison.Ordinal));
        Assert.Contains(tracePath, named);
        Assert.Matches(@"2 of \d+ were kept and the \d+ oldest dropped", named);

        using var result = JsonDocument.Parse(run.Stdout);
        var summary = result.RootElement.GetProperty("trace");
        Assert.Equal(2, summary.GetProperty("keptCalls").GetInt64());
        var recorded = summary.GetProperty("recordedCalls").GetInt64();
        Assert.True(recorded >= 6, $"recorded {recorded}");
        Assert.Equal(recorded - 2, summary.GetProperty("droppedEvents").GetInt64());

        using var trace = JsonDocument.Parse(await File.ReadAllTextAsync(tracePath));
        var other = trace.RootElement.GetProperty("otherData");
        Assert.Equal(recorded, other.GetProperty("recordedCalls").GetInt64());
        Assert.Equal(2, other.GetProperty("keptCalls").GetInt64());
        Assert.Equal(2, trace.RootElement.GetProperty("traceEvents").EnumerateArray().Count(e => e.GetProperty("ph").GetString() == "X" && e.GetProperty("cat").GetString() == "call"));
    }

    /// <summary>A script, stylesheet, image or frame loaded from the network: a self-contained page has none.</summary>
    [GeneratedRegex("""<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?\s*(https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalResource();

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
