using System.CommandLine;
using Concurrency.Client.Experiments;
using Concurrency.Hosting.Cli;

namespace Concurrency.Client.Cli;

/// <summary>
/// <c>client run &lt;experiment...|all&gt;</c>. The command takes the options of every experiment; each option is
/// refused unless one of the chosen experiments takes it, and each experiment applies its own defaults.
/// </summary>
public static class RunCommand
{
    public const string AllExperiments = "all";

    public static Option<bool> Quick { get; } = new("--quick") { Description = "Scale every experiment down for a fast tour." };

    public static Argument<string[]> Experiments { get; } = CreateExperimentsArgument();

    /// <summary>Every experiment option, once each: experiments share an option by sharing its instance.</summary>
    public static IReadOnlyList<Option> ExperimentOptionsUnion { get; } =
        ExperimentCatalog.All.SelectMany(e => e.Options).Distinct().ToList();

    public static Command Create()
    {
        var command = new Command("run", "Run experiments and compare each strategy with its model.") { Experiments, Quick };
        foreach (var option in RunOutputs.All)
        {
            command.Options.Add(option);
        }

        foreach (var option in ExperimentOptionsUnion)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => RunAsync(parse, Selected(parse), cancellationToken));
        return command;
    }

    /// <summary>The client with no command: every experiment with its defaults.</summary>
    public static Task<int> RunAllAsync(ParseResult parse, CancellationToken cancellationToken) =>
        RunAsync(parse, ExperimentCatalog.All, cancellationToken);

    private static async Task<int> RunAsync(ParseResult parse, IReadOnlyList<IExperiment> experiments, CancellationToken cancellationToken)
    {
        // Everything the user typed is checked here, before any silo starts or any connection is made.
        RefuseOptionsNoneTakes(parse, experiments);
        var strategies = parse.GetResult(ExperimentOptions.Strategy) is { Implicit: false } ? parse.GetValue(ExperimentOptions.Strategy) : null;
        RefuseUnknownStrategies(strategies, experiments);
        var outputs = RunOutputs.From(parse);
        var args = new ExperimentArgs(parse, parse.GetValue(Quick), strategies);
        var prepared = experiments.Select(e => e.Prepare(args)).ToList();
        var connection = GlobalOptions.ConnectionFrom(parse);

        return await ExperimentRunner.RunAsync(prepared, connection, parse.GetValue(GlobalOptions.Json), outputs, cancellationToken);
    }

    private static IReadOnlyList<IExperiment> Selected(ParseResult parse)
    {
        var names = parse.GetValue(Experiments) ?? [];
        if (names.Length == 0 || names.Any(n => string.Equals(n, AllExperiments, StringComparison.OrdinalIgnoreCase)))
        {
            return ExperimentCatalog.All;
        }

        return names.Select(n => ExperimentCatalog.Find(n)!).Distinct().ToList();
    }

    private static void RefuseOptionsNoneTakes(ParseResult parse, IReadOnlyList<IExperiment> experiments)
    {
        foreach (var option in ExperimentOptionsUnion)
        {
            if (parse.GetResult(option) is { Implicit: false } && !experiments.Any(e => e.Options.Contains(option)))
            {
                var takers = ExperimentCatalog.All.Where(e => e.Options.Contains(option)).Select(e => e.Name);
                throw new UsageException($"{option.Name} does not apply to {string.Join(", ", experiments.Select(e => e.Name))}: it is an option of {string.Join(", ", takers)}.");
            }
        }
    }

    private static void RefuseUnknownStrategies(string[]? strategies, IReadOnlyList<IExperiment> experiments)
    {
        if (strategies is null)
        {
            return;
        }

        if (strategies.Length == 0)
        {
            throw new UsageException("--strategy needs at least one strategy name.");
        }

        var known = experiments.SelectMany(e => e.Strategies).ToHashSet(StringComparer.Ordinal);
        foreach (var strategy in strategies.Where(s => !known.Contains(s)))
        {
            throw new UsageException($"--strategy '{strategy}' is not a strategy of {string.Join(", ", experiments.Select(e => e.Name))}: choose from {string.Join(", ", known)}.");
        }
    }

    private static Argument<string[]> CreateExperimentsArgument()
    {
        var argument = new Argument<string[]>("experiment")
        {
            Description = $"Experiments to run: {string.Join(", ", ExperimentCatalog.All.Select(e => e.Name))}, or {AllExperiments} (the default).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        argument.Validators.Add(result =>
        {
            foreach (var name in result.Tokens.Select(t => t.Value))
            {
                if (ExperimentCatalog.Find(name) is null && !string.Equals(name, AllExperiments, StringComparison.OrdinalIgnoreCase))
                {
                    result.AddError($"unknown experiment '{name}': choose from {string.Join(", ", ExperimentCatalog.All.Select(e => e.Name))}, or {AllExperiments}.");
                    return;
                }
            }
        });
        return argument;
    }
}
