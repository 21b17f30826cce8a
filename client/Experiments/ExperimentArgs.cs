using System.CommandLine;
using Concurrency.Hosting.Cli;

namespace Concurrency.Client.Experiments;

/// <summary>The user's options as one experiment sees them: its own defaults apply where the user gave none.</summary>
public sealed class ExperimentArgs(ParseResult? parse, bool quick, IReadOnlyCollection<string>? strategies)
{
    /// <summary><c>--quick</c>: scale the experiment down for a fast tour.</summary>
    public bool Quick { get; } = quick;

    /// <summary>The value the user gave, else this experiment's default (its quick default under <c>--quick</c>).</summary>
    public T Get<T>(Option<T?> option, T defaultValue, T? quickDefault = null)
        where T : struct =>
        parse?.GetResult(option) is { Implicit: false } ? parse.GetValue(option) ?? defaultValue : Quick && quickDefault is { } q ? q : defaultValue;

    /// <summary>The word the user chose, else <paramref name="defaultValue"/>.</summary>
    public string Get(Option<string?> option, string defaultValue) =>
        parse?.GetResult(option) is { Implicit: false } ? parse.GetValue(option) ?? defaultValue : defaultValue;

    /// <summary>True when the user gave the option explicitly.</summary>
    public bool Has(Option option) => parse?.GetResult(option) is { Implicit: false };

    /// <summary>The strategies of <paramref name="experiment"/> that the user chose with <c>--strategy</c>; all of them if none.</summary>
    public IReadOnlyList<string> StrategiesOf(IExperiment experiment)
    {
        if (strategies is null || strategies.Count == 0)
        {
            return experiment.Strategies;
        }

        var chosen = experiment.Strategies.Where(strategies.Contains).ToList();
        return chosen.Count > 0
            ? chosen
            : throw new UsageException($"{experiment.Name} has no strategy named {string.Join(" or ", strategies)}: its strategies are {string.Join(", ", experiment.Strategies)}.");
    }
}
