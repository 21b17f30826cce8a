using System.Collections;
using System.Globalization;
using Concurrency.Client.Results;
using Spectre.Console;

namespace Concurrency.Client.Output;

/// <summary>The readable form of a run: a table per experiment with the model, the measurement and the verdict.</summary>
public static class ReportRenderer
{
    public static void Render(IAnsiConsole console, RunReport report)
    {
        var where = report.Cluster.Embedded ? "an embedded silo" : $"{report.Cluster.Silos} silo(s)";
        console.MarkupLine($"[grey]Ran on {where}, {report.Cluster.ProcessorCount} cores.[/]");
        foreach (var experiment in report.Experiments)
        {
            RenderExperiment(console, experiment);
        }

        if (report.Experiments.Count > 1)
        {
            RenderSummary(console, report);
        }

        if (!report.Complete)
        {
            console.MarkupLine($"[yellow]The run was cut short{(report.Stopped is { } why ? $" ({Markup.Escape(why)})" : "")}: the experiments above are what finished; the last one, marked interrupted, holds only its finished strategies.[/]");
        }
    }

    public static void RenderExperiment(IAnsiConsole console, ExperimentResult experiment)
    {
        console.WriteLine();
        console.Write(new Rule($"[bold]{Markup.Escape(experiment.Name)}[/]") { Justification = Justify.Left });
        console.MarkupLine($"[italic]{Markup.Escape(experiment.Claim)}[/]");
        var parameters = string.Join(", ", experiment.Parameters.Select(p => $"{p.Key} = {Format(p.Value)}"));
        console.MarkupLine($"[grey]{Markup.Escape(parameters)}[/]");

        var fastest = experiment.Strategies.Count > 0 ? experiment.Strategies.Min(s => s.MeasuredSeconds) : 0;
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("strategy")
            .AddColumn(new TableColumn("expected").RightAligned())
            .AddColumn(new TableColumn("measured").RightAligned())
            .AddColumn(new TableColumn("vs fastest").RightAligned())
            .AddColumn("metrics");
        foreach (var strategy in experiment.Strategies)
        {
            table.AddRow(
                Markup.Escape(strategy.Name),
                strategy.ExpectedSeconds is { } expected ? Seconds(expected) : "[grey]no model[/]",
                Seconds(strategy.MeasuredSeconds),
                fastest > 0 ? $"{strategy.MeasuredSeconds / fastest:0.00}x" : "-",
                Markup.Escape(FormatMetrics(strategy.Metrics)));
        }

        console.Write(table);
        var verdict = experiment switch
        {
            { Complete: false } => "[yellow]INTERRUPTED[/]",
            { Holds: true } => "[green]HOLDS[/]",
            _ => "[red]DOES NOT HOLD[/]",
        };
        console.MarkupLine($"{verdict} {Markup.Escape(experiment.Explanation)}");
    }

    private static void RenderSummary(IAnsiConsole console, RunReport report)
    {
        console.WriteLine();
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]summary[/]")
            .AddColumn("experiment").AddColumn("claim").AddColumn("verdict");
        foreach (var experiment in report.Experiments)
        {
            table.AddRow(
                Markup.Escape(experiment.Name),
                Markup.Escape(experiment.Claim),
                experiment switch
                {
                    { Complete: false } => "[yellow]interrupted[/]",
                    { Holds: true } => "[green]holds[/]",
                    _ => "[red]does not hold[/]",
                });
        }

        console.Write(table);
    }

    public static string Seconds(double seconds) => seconds switch
    {
        >= 1 => $"{seconds.ToString("0.000", CultureInfo.InvariantCulture)} s",
        >= 0.001 => $"{(seconds * 1e3).ToString("0.0", CultureInfo.InvariantCulture)} ms",
        _ => $"{(seconds * 1e6).ToString("0.0", CultureInfo.InvariantCulture)} µs",
    };

    private static string FormatMetrics(IReadOnlyDictionary<string, object?>? metrics) =>
        metrics is null ? "" : string.Join("\n", metrics.Where(m => m.Value is not IDictionary { Count: 0 }).Select(m => $"{m.Key}: {Format(m.Value)}"));

    private static string Format(object? value) => value switch
    {
        null => "null",
        double d => d.ToString(Math.Abs(d) >= 1000 ? "N0" : "0.####", CultureInfo.InvariantCulture),
        float f => f.ToString("0.####", CultureInfo.InvariantCulture),
        int or long => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture),
        IDictionary dictionary => string.Join(", ", dictionary.Keys.Cast<object>().Select(k => $"{k}={Format(dictionary[k])}")),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
