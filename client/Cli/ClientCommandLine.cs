using System.CommandLine;
using Concurrency.Client.Bench;
using Concurrency.Client.Soak;

namespace Concurrency.Client.Cli;

/// <summary>The client program's command line: every command and option, built fresh for each run.</summary>
public static class ClientCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Concurrency Lab: the article's threading, multiprocessing and asyncio experiments, rebuilt on Orleans grains. " +
            "With no command it runs every experiment.");

        foreach (var option in GlobalOptions.All)
        {
            root.Options.Add(option);
        }

        // The bare client runs everything, so it takes --quick and the run's output files too.
        RunCommand.WithRunOptions(root);

        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(AdviseCommand.Create());
        root.Subcommands.Add(DownloadCommand.Create());
        root.Subcommands.Add(SoakCommand.Create());
        root.SetAction(RunCommand.RunAllAsync);
        return root;
    }
}
