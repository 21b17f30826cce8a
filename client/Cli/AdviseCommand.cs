using System.CommandLine;
using System.Globalization;
using Concurrency.Cli;
using Concurrency.Client.Advice;
using Concurrency.Client.Experiments;
using Concurrency.Client.Output;
using Concurrency.Client.Results;
using Concurrency.Hosting;
using Spectre.Console;

namespace Concurrency.Client.Cli;

/// <summary>
/// <c>client advise</c>: the article's decision tree as a command. It describes a workload, recommends the Orleans
/// shape, the article's Python tool and the experiment that demonstrates it, and with <c>--measure</c> runs that
/// experiment at the workload's sizes to see whether the advice held there.
/// </summary>
public static class AdviseCommand
{
    public static Option<WorkloadKind?> Kind { get; } = new("--kind")
    {
        Description = "What each operation waits on: io, cpu or mixed.",
        CustomParser = result =>
        {
            var text = string.Join(" ", result.Tokens.Select(t => t.Value));
            if (Enum.TryParse<WorkloadKind>(text, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _))
            {
                return kind;
            }

            result.AddError($"--kind '{text}' is not a workload kind: choose io, cpu or mixed.");
            return null;
        },
    };

    public static Option<int?> Concurrency { get; } = CliOptions.Count("--concurrency", "How many operations run at once.", 1, ExperimentOptions.MaxCount);

    public static Option<TimeSpan?> Duration { get; } = CliOptions.Duration("--duration", "How long one operation takes, e.g. 500ms (for mixed: its I/O wait).", TimeSpan.FromTicks(10), TimeSpan.FromDays(1));

    public static Option<TimeSpan?> CpuDuration { get; } = CliOptions.Duration("--cpu-duration", "Mixed workloads only: the CPU time of one request, e.g. 200ms.", TimeSpan.FromTicks(10), TimeSpan.FromDays(1));

    public static Option<bool> Simple { get; } = new("--simple") { Description = "Prefer the simplest code that does the job over the last bit of throughput (the article's threading and concurrent.futures branches)." };

    public static Option<bool> Blocking { get; } = new("--blocking") { Description = "I/O only: the operations are blocking calls (a synchronous library, time.sleep) made from async code: the coloring problem." };

    public static Option<bool> SharedState { get; } = new("--shared-state") { Description = "CPU only: the jobs share mutable state in memory (free threads rather than processes)." };

    public static Option<bool> MeasureOption { get; } = new("--measure") { Description = "Run the recommended experiment at these sizes and say whether the advice held there." };

    public static Command Create()
    {
        var command = new Command("advise", "The article's decision tree: describe a workload, get the Orleans shape, the Python tool and the experiment that shows it.")
        {
            Kind, Concurrency, Duration, CpuDuration, Simple, Blocking, SharedState, MeasureOption,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    /// <summary>Reads the workload; unclear or contradictory inputs are refused with one line.</summary>
    public static Workload WorkloadFrom(ParseResult parse)
    {
        var kind = parse.GetValue(Kind) ?? throw new UsageException("advise needs --kind: io, cpu or mixed (what each operation waits on).");
        var concurrency = parse.GetValue(Concurrency) ?? throw new UsageException("advise needs --concurrency N: how many operations run at once.");
        var duration = parse.GetValue(Duration) ?? throw new UsageException("advise needs --duration: how long one operation takes, e.g. 500ms.");
        var cpuDuration = parse.GetValue(CpuDuration);
        if (cpuDuration is not null && kind != WorkloadKind.Mixed)
        {
            throw new UsageException(kind == WorkloadKind.Io
                ? "--cpu-duration contradicts --kind io: an I/O-bound workload has no CPU part; use --kind mixed if its requests also compute."
                : "--cpu-duration applies to --kind mixed only: for --kind cpu, --duration is already the CPU time of one job.");
        }

        var (blocking, shared) = (parse.GetValue(Blocking), parse.GetValue(SharedState));
        if (blocking && kind != WorkloadKind.Io)
        {
            throw new UsageException($"--blocking applies to --kind io only: it says the I/O is done by blocking calls from async code, and a --kind {kind.ToString().ToLowerInvariant()} workload's advice does not depend on it.");
        }

        if (shared && kind != WorkloadKind.Cpu)
        {
            throw new UsageException($"--shared-state applies to --kind cpu only: it says CPU jobs share memory, and a --kind {kind.ToString().ToLowerInvariant()} workload's advice does not depend on it.");
        }

        return new Workload(kind, concurrency, duration, parse.GetValue(Simple), cpuDuration, blocking, shared);
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        // Everything is checked before any silo starts: the workload, then the experiment at its sizes.
        var advice = Advisor.Advise(WorkloadFrom(parse));
        var json = parse.GetValue(GlobalOptions.Json);
        if (!parse.GetValue(MeasureOption))
        {
            Print(advice, MeasurePlan.For(advice), measurement: null, json);
            return CommandLineRunner.Ok;
        }

        var connection = GlobalOptions.ConnectionFrom(parse);
        var plan = MeasurePlan.For(advice);
        var prepared = plan.Prepare();
        var report = await ExperimentRunner.CollectAsync([prepared], connection, json, RunOutputs.None, cancellationToken);
        var measurement = report.Experiments is [{ Complete: true } result]
            ? Measurement.Of(advice, report.Cluster, result)
            : Measurement.Interrupted(report.Cluster);
        Print(advice, plan, measurement, json);
        return report.Complete ? CommandLineRunner.Ok : ExperimentRunner.Interrupted;
    }

    private static void Print(WorkloadAdvice advice, MeasurePlan plan, Measurement? measurement, bool json)
    {
        if (json)
        {
            object document = measurement is null
                ? advice
                : new { advice.Recommendation, advice.PythonEquivalent, advice.Experiment, advice.Reasons, Measurement = measurement };
            Console.Out.WriteLine(ReportJson.Serialize(document));
            return;
        }

        var console = AnsiConsole.Console;
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[bold]recommendation[/]", Markup.Escape(advice.Recommendation));
        grid.AddRow("[bold]python[/]", Markup.Escape(advice.PythonEquivalent));
        grid.AddRow("[bold]experiment[/]", Markup.Escape($"{advice.Experiment}   try: {plan.CommandLine}"));
        grid.AddRow("[bold]why[/]", Markup.Escape(string.Join("\n", advice.Reasons.Select(r => "- " + r))));
        console.Write(grid);

        if (measurement is null)
        {
            return;
        }

        if (measurement.Result is { } result)
        {
            ReportRenderer.RenderExperiment(console, result);
        }

        if (plan.KeptDefaults.Count > 0)
        {
            console.MarkupLine($"[grey]{Markup.Escape($"Measured at your sizes where {advice.Experiment} takes them; it kept its defaults for {string.Join(", ", plan.KeptDefaults)}.")}[/]");
        }

        var verdict = measurement.Held switch
        {
            true => "[green]ADVICE HELD[/]",
            false => "[red]ADVICE DID NOT HOLD[/]",
            null => "[yellow]NOT MEASURED[/]",
        };
        console.MarkupLine($"{verdict} {Markup.Escape(measurement.Verdict)}");
    }

    /// <summary>What <c>--measure</c> found: <see cref="Held"/> is null where nothing could be measured.</summary>
    public sealed record Measurement(bool? Held, string Verdict, ClusterInfo? Cluster, ExperimentResult? Result)
    {
        public static Measurement Interrupted(ClusterInfo cluster) => new(null, "the measurement was interrupted before it finished", cluster, null);

        public static Measurement Of(WorkloadAdvice advice, ClusterInfo cluster, ExperimentResult result)
        {
            var (held, verdict) = MeasurePlan.Judge(advice, result);
            return new(held, verdict, cluster, result);
        }
    }
}
