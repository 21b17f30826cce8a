using System.Globalization;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;
using Spectre.Console;

namespace Concurrency.Client.Output;

/// <summary>
/// The readable form of a run. Each experiment gets its claim, one table (strategy, the model's expectation, the
/// measurement, and the few figures its claim is about), one line per check with its model, tolerance and margin,
/// and one short paragraph of why. Everything else is in <c>--json</c> and the report.
/// </summary>
public static class ReportRenderer
{
    public static void Render(IAnsiConsole console, RunReport report)
    {
        var where = report.Cluster.Embedded ? "an embedded silo" : $"{report.Cluster.Silos} silo(s)";
        console.MarkupLine($"[grey]Ran on {where}; the models are evaluated for {Markup.Escape(report.Cluster.Shape.ToString())}.[/]");
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

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("strategy")
            .AddColumn(new TableColumn("expected").RightAligned())
            .AddColumn(new TableColumn("measured").RightAligned());
        var columns = experiment.Columns.Count > 0 ? experiment.Columns : experiment.Strategies.Count > 0 ? experiment.Strategies[0].Headers : [];
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)).RightAligned());
        }

        foreach (var strategy in experiment.Strategies)
        {
            var cells = new List<string> { Markup.Escape(strategy.Name), Seconds(strategy.Model.Seconds), Seconds(strategy.MeasuredSeconds) };
            cells.AddRange(strategy.Cells.Take(columns.Count).Select(Markup.Escape));
            while (cells.Count < 3 + columns.Count)
            {
                cells.Add("");
            }

            table.AddRow(cells.ToArray());
        }

        console.Write(table);
        RenderPython(console, experiment.Python);
        RenderChecks(console, experiment);
        foreach (var note in experiment.Verdict.Notes)
        {
            console.MarkupLine($"  [grey]note {Markup.Escape(note)}[/]");
        }

        console.MarkupLine($"{State(experiment)} {Markup.Escape(experiment.Verdict.NotJudgedReason is { } reason && experiment.Complete ? $"({reason}) " : "")}{Markup.Escape(experiment.Verdict.Why)}");
    }

    /// <summary>
    /// The checks as one table, a row each: the figure, its measured interval (the centre of the rounds' samples and
    /// their 95% interval), the model, the rule with its bound, and the decision the interval gave.
    /// </summary>
    private static void RenderChecks(IAnsiConsole console, ExperimentResult experiment)
    {
        var checks = experiment.Verdict.Checks;
        if (checks.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Simple)
            .Title($"[grey]checks, decided on {experiment.Rounds} round(s) of samples[/]")
            .AddColumn("check")
            .AddColumn(new TableColumn("measured").RightAligned())
            .AddColumn(new TableColumn("model").RightAligned())
            .AddColumn("rule")
            .AddColumn("decision");
        foreach (var check in checks)
        {
            table.AddRow(
                Markup.Escape(check.Figure),
                Markup.Escape(MeasuredCell(check)),
                Markup.Escape(check.Model is { } model ? Judgement.F(model) + check.Unit : ""),
                Markup.Escape(check.Rule),
                check.Outcome switch
                {
                    CheckOutcome.Pass => "[green]pass[/]",
                    CheckOutcome.Fail => "[red]FAIL[/]",
                    CheckOutcome.Fault => "[red]MEASUREMENT FAULT[/]",
                    _ => "[yellow]too noisy[/]",
                });
        }

        console.Write(table);

        // A figure decided on fewer samples than the rounds says which rounds it left out, and why.
        foreach (var check in checks.Where(c => c.Unread.Count > 0))
        {
            console.MarkupLine($"  [grey]{Markup.Escape($"{check.Figure}: {check.Unread.Count} round(s) not read: {check.Unread[0]}")}[/]");
        }
    }

    /// <summary>A fact's measured value, or a figure's interval with its sample count (and the rounds it could not read).</summary>
    public static string MeasuredCell(Check check) => check switch
    {
        { Interval: { } i } => $"{Judgement.F(i.Low)} to {Judgement.F(i.High)}{check.Unit} (n={i.Samples}{UnreadText(check)})",
        { Measured: { } m } => $"{Judgement.F(m)}{check.Unit} (n={check.Samples.Count}{UnreadText(check)})",
        _ => check.Line[(check.Line.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(';')[0].Trim(),
    };

    private static string UnreadText(Check check) => check.Unread.Count == 0 ? "" : $", {check.Unread.Count} unread";

    /// <summary>
    /// The Python twin's rows, right under the actors' table, each labelled as Python's with the size it ran at. A twin
    /// that could not run says why in one line; a missing python3 was said once for the whole run.
    /// </summary>
    private static void RenderPython(IAnsiConsole console, PythonComparison? python)
    {
        if (python is null || python.Note == Python.PythonRunner.MissingNote)
        {
            return;
        }

        if (python.Rows.Count == 0)
        {
            console.MarkupLine($"  [grey]python: {Markup.Escape(python.Note ?? "no rows")}[/]");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[grey]{Markup.Escape($"python, measured now: {python.Scale}")}[/]")
            .AddColumn("python")
            .AddColumn(new TableColumn("measured").RightAligned())
            .AddColumn(new TableColumn("per item").RightAligned())
            .AddColumn("size");
        foreach (var row in python.Rows)
        {
            table.AddRow(
                Markup.Escape($"python: {row.Name}"),
                Seconds(row.Seconds),
                row.PerItemMicroseconds is { } us ? Markup.Escape($"{Judgement.F(us)} µs") : "",
                Markup.Escape(row.Size));
        }

        console.Write(table);
    }

    private static void RenderSummary(IAnsiConsole console, RunReport report)
    {
        console.WriteLine();
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]summary[/]")
            .AddColumn("experiment").AddColumn("verdict").AddColumn("checks").AddColumn("why not judged");
        foreach (var experiment in report.Experiments)
        {
            var checks = experiment.Verdict.Checks;
            table.AddRow(
                Markup.Escape(experiment.Name),
                State(experiment),
                $"{checks.Count(c => c.Passed)}/{checks.Count} passed",
                Markup.Escape(experiment.Verdict.State == VerdictState.NotJudged && experiment.Complete ? experiment.Verdict.NotJudgedReason ?? "" : ""));
        }

        console.Write(table);
        var (held, notJudged, failed) = (
            report.Experiments.Count(e => e.Holds),
            report.Experiments.Count(e => e.Complete && e.Verdict.State == VerdictState.NotJudged),
            report.Experiments.Count(e => e.Complete && e.Verdict.State == VerdictState.DoesNotHold));
        console.MarkupLine($"{held} held, {notJudged} not judged, {failed} did not hold.");
    }

    private static string State(ExperimentResult experiment) => experiment switch
    {
        { Complete: false } => "[yellow]INTERRUPTED[/]",
        { Verdict.State: VerdictState.Holds } => "[green]HOLDS[/]",
        { Verdict.State: VerdictState.NotJudged } => "[yellow]NOT JUDGED[/]",
        _ => "[red]DOES NOT HOLD[/]",
    };

    public static string Seconds(double seconds) => seconds switch
    {
        >= 1 => $"{seconds.ToString("0.000", CultureInfo.InvariantCulture)} s",
        >= 0.001 => $"{(seconds * 1e3).ToString("0.0", CultureInfo.InvariantCulture)} ms",
        _ => $"{(seconds * 1e6).ToString("0.0", CultureInfo.InvariantCulture)} µs",
    };
}
