using System.CommandLine;
using Concurrency.Abstractions.Tracing;
using Concurrency.Cli;
using Concurrency.Hosting;

namespace Concurrency.Client.Cli;

/// <summary>
/// Where a run writes its timeline and its report, and whether it adds the Python twins' figures (<c>--python</c>). Both paths are checked before anything starts: a run of minutes
/// must not end in "cannot write".
/// </summary>
public sealed record RunOutputs(string? TracePath, string? ReportPath, int CallLimit, bool Python = false)
{
    public static Option<bool> PythonOption { get; } = new("--python")
    {
        Description = "Also run each experiment's Python twin (the article's own code, bench/python/) after its strategies, and show Python's figures beside the actors'. Needs python3 on PATH.",
    };

    public static Option<string?> Trace { get; } = new("--trace")
    {
        Description = "Write a timeline of every grain call as a Chrome trace-event file (open it in ui.perfetto.dev).",
    };

    public static Option<string?> Report { get; } = new("--report")
    {
        Description = "Write one self-contained HTML report with charts and a timeline of each strategy.",
    };

    public static Option<int?> TraceLimitOption { get; } = CliOptions.Count(
        "--trace-limit", $"The most grain calls each silo keeps for --trace or --report, its newest: past it the oldest are dropped, so a long run's trace stays loadable (default {LabTrace.DefaultLimit:N0}).", 1, 10_000_000);

    public static IEnumerable<Option> All => [Trace, Report, TraceLimitOption, PythonOption];

    /// <summary>No timeline and no report.</summary>
    public static RunOutputs None { get; } = new(null, null, LabTrace.DefaultLimit);

    /// <summary>The report draws its timelines from the trace, so either file switches tracing on.</summary>
    public bool Tracing => TracePath is not null || ReportPath is not null;

    public static RunOutputs From(ParseResult parse)
    {
        var trace = parse.GetValue(Trace) is { } t ? Writable(Trace.Name, t) : null;
        var report = parse.GetValue(Report) is { } r ? Writable(Report.Name, r) : null;
        if (trace is not null && trace == report)
        {
            throw new UsageException("--trace and --report name the same file: give each its own.");
        }

        return new RunOutputs(trace, report, parse.GetValue(TraceLimitOption) ?? LabTrace.DefaultLimit, parse.GetValue(PythonOption));
    }

    /// <summary>The full path, once a file could be created there; an existing file is left as it is until the run ends.</summary>
    private static string Writable(string option, string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new UsageException($"{option} needs a file name.");
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new UsageException($"{option} {path} is a directory: give a file name in it.");
        }

        var existed = File.Exists(full);
        try
        {
            using (new FileStream(full, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
            }

            if (!existed)
            {
                File.Delete(full);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new UsageException($"{option}: cannot write {path}: {e.Message.ReplaceLineEndings(" ")}");
        }

        return full;
    }
}
