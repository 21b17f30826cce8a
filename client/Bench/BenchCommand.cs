using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Concurrency.Cli;
using Concurrency.Client.Cli;
using Concurrency.Client.Output;
using Concurrency.Client.Results;
using Concurrency.Hosting;
using Spectre.Console;

namespace Concurrency.Client.Bench;

/// <summary>
/// <c>client bench</c>: the headline figures of BENCHMARKS.md, measured on this machine in a couple of minutes,
/// each beside its target. It always runs an embedded silo: several figures are about calls made inside the silo.
/// </summary>
public static class BenchCommand
{
    public static Option<bool> Quick { get; } = new("--quick") { Description = "Tiny sizes, to check the command works; the figures then say nothing about speed." };

    public static Option<MetricsParts?> MetricsPart { get; } = new("--metrics-part")
    {
        Description = "Record only one part of the metrics, to measure what it costs: call-filter (the lab's turn and await counts) or meter-provider (OpenTelemetry listening to Orleans', the runtime's and the lab's meters).",
        CustomParser = ParseMetricsPart,
    };

    public static Argument<string[]> Only { get; } = CreateOnly();

    public static Command Create()
    {
        var command = new Command("bench", "Measure the headline figures (BENCHMARKS.md) on this machine, each beside its target.") { Only, Quick, MetricsPart };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (parse.GetValue(GlobalOptions.Gateway) is not null || parse.GetValue(GlobalOptions.Redis) is not null)
        {
            throw new UsageException("bench measures this machine with an embedded silo: leave out --gateway and --redis.");
        }

        var part = parse.GetValue(MetricsPart);
        if (part is not null && parse.GetValue(GlobalOptions.NoMetrics))
        {
            throw new UsageException("--metrics-part records one part of the metrics and --no-metrics none: give one.");
        }

        var names = parse.GetValue(Only) ?? [];
        var benches = names.Length == 0 ? BenchCatalog.All : BenchCatalog.All.Where(b => names.Contains(b.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        var quick = parse.GetValue(Quick);
        var json = parse.GetValue(GlobalOptions.Json);

        await using var silo = await LabSilo.StartAsync(
            new LabSiloOptions
            {
                SiloPort = 0, GatewayPort = 0, HttpPort = 0, Dashboard = false, Verbose = parse.GetValue(GlobalOptions.Verbose),
                Metrics = !parse.GetValue(GlobalOptions.NoMetrics), MetricsParts = part ?? MetricsParts.Both, LiveFeed = !parse.GetValue(GlobalOptions.NoLab), Otlp = parse.GetValue(GlobalOptions.Otlp),
            },
            cancellationToken);
        IProgressSink progress = json ? NullProgress.Instance : new PlainProgressSink(Console.Error);
        var context = new BenchContext(silo, quick, progress);
        var figures = new List<BenchFigure>();
        foreach (var bench in benches)
        {
            if (!json)
            {
                await Console.Error.WriteLineAsync($"measuring {bench.Name}...");
            }

            figures.AddRange(await bench.RunAsync(context, cancellationToken));
        }

        var report = new BenchReport(MachineInfo.Current(), DateTimeOffset.UtcNow, quick, figures);
        if (json)
        {
            await Console.Out.WriteLineAsync(ReportJson.Serialize(report));
        }
        else
        {
            Render(report);
        }

        return 0;
    }

    private static void Render(BenchReport report)
    {
        var m = report.Machine;
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape($"{m.ProcessorCount} cores, {m.CpuModel}, {m.Os}, {m.Runtime}, {m.GarbageCollector} GC")}[/]");
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("figure").AddColumn(new TableColumn("measured").RightAligned()).AddColumn(new TableColumn("target").RightAligned()).AddColumn("met");
        foreach (var figure in report.Figures)
        {
            var op = figure.Direction == TargetDirection.AtMost ? "<=" : ">=";
            table.AddRow(
                Markup.Escape(figure.Name),
                Markup.Escape($"{Format(figure.Value)} {figure.Unit}"),
                figure.Target is { } target ? Markup.Escape($"{op} {Format(target)} {figure.Unit}") : "[grey]comparison[/]",
                figure.Met switch { true => "[green]yes[/]", false => "[red]no[/]", null => "[grey]-[/]" });
        }

        AnsiConsole.Write(table);
        if (report.Quick)
        {
            AnsiConsole.MarkupLine("[yellow]--quick: tiny sizes; these figures check the command, not the machine.[/]");
        }
    }

    private static string Format(double value) => Math.Abs(value) switch
    {
        >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        0 or >= 0.001 => value.ToString("0.###", CultureInfo.InvariantCulture),
        _ => value.ToString("0.##e0", CultureInfo.InvariantCulture),
    };

    private static MetricsParts? ParseMetricsPart(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        switch (text.ToLowerInvariant())
        {
            case "call-filter":
                return MetricsParts.CallFilter;
            case "meter-provider":
                return MetricsParts.MeterProvider;
            default:
                result.AddError($"--metrics-part '{text}' is not a part of the metrics: choose call-filter or meter-provider.");
                return null;
        }
    }

    private static Argument<string[]> CreateOnly()
    {
        var argument = new Argument<string[]>("figures")
        {
            Description = $"Measure only these groups: {string.Join(", ", BenchCatalog.All.Select(b => b.Name))} (default: all).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        argument.Validators.Add(result =>
        {
            foreach (var name in result.Tokens.Select(t => t.Value))
            {
                if (!BenchCatalog.All.Any(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    result.AddError($"unknown benchmark '{name}': choose from {string.Join(", ", BenchCatalog.All.Select(b => b.Name))}.");
                    return;
                }
            }
        });
        return argument;
    }
}
