using System.CommandLine;
using Concurrency.Cli;
using Concurrency.Client.Cli;
using Concurrency.Hosting;

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
root.Subcommands.Add(Concurrency.Client.Bench.BenchCommand.Create());
root.Subcommands.Add(AdviseCommand.Create());
root.Subcommands.Add(DownloadCommand.Create());
root.Subcommands.Add(Concurrency.Client.Soak.SoakCommand.Create());
root.SetAction(RunCommand.RunAllAsync);

return await CommandLineRunner.RunAsync(root, args, "client");
