using System.CommandLine;
using Concurrency.Abstractions;
using Concurrency.Hosting.Cli;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Options shared by several experiments. One instance per name: an experiment lists the ones it takes,
/// and each experiment applies its own default when the user gives none.
/// </summary>
public static class ExperimentOptions
{
    public const int MaxCount = 10_000_000;

    public const int MaxJobs = 64;

    /// <summary>A trillion terms: well past ten billion, and every denominator still an exact integer in a double.</summary>
    public const long MaxTerms = 1_000_000_000_000;

    public const int MaxItems = 1_000_000_000;

    public const int MaxWork = 10_000_000;

    public const int MaxPiItems = 100_000;

    public static Option<int?> Count { get; } = CliOptions.Count("--count", "How many downloads or fetches.", 1, MaxCount);

    /// <summary>
    /// A download or fetch is one grain call that awaits its latency, so no latency may come near Orleans' 30 s
    /// response timeout: the longest allowed is <see cref="ResponseBudget.Limit"/>.
    /// </summary>
    public static Option<TimeSpan?> Latency { get; } = CliOptions.Duration("--latency", "Simulated network latency of one download, e.g. 2s, 250ms.", TimeSpan.FromMilliseconds(1), ResponseBudget.Limit,
        "one download is one grain call, which must answer within Orleans' 30 s response timeout");

    public static Option<int?> Jobs { get; } = CliOptions.Count("--jobs", "How many CPU jobs run at once.", 1, MaxJobs);

    public static Option<long?> Terms { get; } = CliOptions.LongCount("--terms", "Leibniz terms per CPU job (e.g. 100000000).", 1, MaxTerms);

    public static Option<PiKernel?> Kernel { get; } = CliOptions.Choice<PiKernel>("--kernel", "The pi loop: scalar (the article's loop, one term at a time) or simd (Vector<double>, several terms at once).");

    public static Option<int?> Items { get; } = CliOptions.Count("--items", "How many items (tiny tasks) to process.", 1, MaxItems);

    public static Option<int?> Work { get; } = CliOptions.Count("--work", "Size of one tiny task, in Leibniz terms of the article's loop.", 1, MaxWork);

    public static Option<int?> PiItems { get; } = CliOptions.Count("--pi-items", "How many pi-chunk items (1,000,000 terms each) the executors map.", 1, MaxPiItems);

    public static Option<string[]> Strategy { get; } = new("--strategy")
    {
        Description = "Run only these strategies (comma-separated or repeated).",
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result => result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
    };
}
