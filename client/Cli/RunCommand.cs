using System.CommandLine;
using Concurrency.Cli;
using Concurrency.Client.Experiments;
using Concurrency.Hosting;

namespace Concurrency.Client.Cli;

/// <summary>
/// <c>client run &lt;experiment&gt;</c>: one subcommand per experiment, each with exactly its own options and their
/// defaults in its <c>--help</c>, and <c>run all</c> (or plain <c>run</c>) for every experiment with its defaults.
/// <c>--quick</c> and the output options apply to all of them.
/// </summary>
public static class RunCommand
{
    public const string AllExperiments = "all";

    public static Option<bool> Quick { get; } = new("--quick") { Description = "Scale the experiments down for a fast tour." };

    public static Command Create()
    {
        var command = WithRunOptions(new Command("run", "Run experiments and compare each strategy with its model. Give one experiment, or all (the default)."));
        var all = WithRunOptions(new Command(AllExperiments, "Every experiment, in order, with its defaults (scaled down with --quick)."));
        all.SetAction((parse, cancellationToken) => RunAsync(parse, ExperimentCatalog.All.Select(e => e.Prepare(new SettingValues(null, parse.GetValue(Quick)))).ToList(), cancellationToken));
        command.Subcommands.Add(all);
        foreach (var experiment in ExperimentCatalog.All)
        {
            command.Subcommands.Add(For(experiment));
        }

        command.SetAction(RunAllAsync);
        return command;
    }

    /// <summary>The client with no command, or <c>run</c> alone: every experiment with its defaults.</summary>
    public static Task<int> RunAllAsync(ParseResult parse, CancellationToken cancellationToken) =>
        RunAsync(parse, ExperimentCatalog.All.Select(e => e.Prepare(new SettingValues(null, parse.GetValue(Quick)))).ToList(), cancellationToken);

    /// <summary>The subcommand of one experiment: its settings, and <c>--strategy</c> limited to its strategies.</summary>
    public static Command For(IExperiment experiment)
    {
        var strategy = StrategyOption(experiment);
        var command = new Command(experiment.Name, experiment.Claim) { strategy };
        foreach (var setting in experiment.Settings)
        {
            command.Options.Add(setting.Option);
        }

        WithRunOptions(command);

        command.SetAction((parse, cancellationToken) =>
        {
            var chosen = parse.GetResult(strategy) is { Implicit: false } ? parse.GetValue(strategy) : null;
            var values = new SettingValues(parse, parse.GetValue(Quick), chosen);
            return RunAsync(parse, [experiment.Prepare(values)], cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// Binds <paramref name="experiment"/> to options given as a user would type them (so they are checked the same
    /// way): for <c>advise --measure</c> and the soak's small sizes.
    /// </summary>
    public static IPreparedExperiment Prepare(IExperiment experiment, IReadOnlyList<string> arguments, IReadOnlyList<string>? strategies = null, bool quick = false)
    {
        var parse = For(experiment).Parse([.. arguments]);
        if (parse.Errors.Count > 0)
        {
            throw new UsageException($"{experiment.Name} cannot run with {string.Join(' ', arguments)}: {parse.Errors[0].Message}");
        }

        return experiment.Prepare(new SettingValues(parse, quick, strategies));
    }

    private static Task<int> RunAsync(ParseResult parse, IReadOnlyList<IPreparedExperiment> prepared, CancellationToken cancellationToken)
    {
        // Everything the user typed was checked by now, before any silo starts or any connection is made.
        var outputs = RunOutputs.From(parse);
        var connection = GlobalOptions.ConnectionFrom(parse);
        return ExperimentRunner.RunAsync(prepared, connection, parse.GetValue(GlobalOptions.Json), outputs, cancellationToken);
    }

    /// <summary>Adds <c>--quick</c> and the output files: every command that runs experiments takes them.</summary>
    public static Command WithRunOptions(Command command)
    {
        command.Options.Add(Quick);
        foreach (var option in RunOutputs.All)
        {
            command.Options.Add(option);
        }

        return command;
    }

    private static Option<string[]> StrategyOption(IExperiment experiment)
    {
        var option = new Option<string[]>("--strategy")
        {
            Description = $"Run only these strategies (comma-separated or repeated): {string.Join(", ", experiment.Strategies)}.",
            CustomParser = result => result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
        };
        option.Validators.Add(result =>
        {
            var names = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            if (names.Count == 0)
            {
                result.AddError("--strategy needs at least one strategy name.");
            }
            else if (names.FirstOrDefault(n => experiment.Strategies.All(s => s.Name != n)) is { } unknown)
            {
                result.AddError($"--strategy '{unknown}' is not a strategy of {experiment.Name}: choose from {string.Join(", ", experiment.Strategies)}.");
            }
        });
        return option;
    }
}
