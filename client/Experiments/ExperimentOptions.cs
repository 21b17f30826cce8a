using System.CommandLine;
using Concurrency.Hosting.Cli;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Options shared by several experiments. One instance per name: an experiment lists the ones it takes,
/// and each experiment applies its own default when the user gives none.
/// </summary>
public static class ExperimentOptions
{
    public const int MaxCount = 10_000_000;

    public static Option<int?> Count { get; } = CliOptions.Count("--count", "How many downloads or fetches.", 1, MaxCount);

    public static Option<TimeSpan?> Latency { get; } = CliOptions.Duration("--latency", "Simulated network latency of one download, e.g. 2s, 250ms.", TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10));

    public static Option<string[]> Strategy { get; } = new("--strategy")
    {
        Description = "Run only these strategies (comma-separated or repeated).",
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result => result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
    };
}
