using System.CommandLine;
using Concurrency.Client.Experiments;
using Spectre.Console;

namespace Concurrency.Client.Cli;

/// <summary><c>client list</c>: the experiments, the claim each one tests, its strategies and options.</summary>
public static class ListCommand
{
    public static Command Create()
    {
        var command = new Command("list", "List the experiments with the article's claim for each.");
        command.SetAction(parse =>
        {
            if (parse.GetValue(GlobalOptions.Json))
            {
                var list = ExperimentCatalog.All.Select(e => new
                {
                    name = e.Name,
                    claim = e.Claim,
                    strategies = e.Strategies.Select(s => s.Name),
                    options = e.Settings.Select(s => s.Option.Name),
                });
                Console.Out.WriteLine(Results.ReportJson.Serialize(list));
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumn("experiment").AddColumn("claim").AddColumn("strategies").AddColumn("options");
            foreach (var experiment in ExperimentCatalog.All)
            {
                table.AddRow(
                    Markup.Escape(experiment.Name),
                    Markup.Escape(experiment.Claim),
                    Markup.Escape(string.Join("\n", experiment.Strategies)),
                    Markup.Escape(string.Join("\n", experiment.Settings.Select(s => s.Option.Name))));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
