using System.CommandLine;
using Concurrency.Abstractions;
using Concurrency.Hosting.Cli;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Options shared by several experiments. One instance per name: an experiment lists the ones it takes,
/// and each experiment applies its own default when the user gives none.
/// </summary>
public static class LegacyOptions
{
        public static Option<int?> Count { get; } = CliOptions.Count("--count", "How many downloads or fetches.", 1, ExperimentOptions.MaxCount);

    /// <summary>
    /// A download or fetch is one grain call that awaits its latency, so no latency may come near Orleans' 30 s
    /// response timeout: the longest allowed is <see cref="ResponseBudget.Limit"/>.
    /// </summary>
    public static Option<TimeSpan?> Latency { get; } = CliOptions.Duration("--latency", "Simulated network latency of one download, e.g. 2s, 250ms.", TimeSpan.FromMilliseconds(1), ResponseBudget.Limit,
        "one download is one grain call, which must answer within Orleans' 30 s response timeout");

    public static Option<int?> Jobs { get; } = CliOptions.Count("--jobs", "How many CPU jobs run at once.", 1, ExperimentOptions.MaxJobs);

    public static Option<long?> Terms { get; } = CliOptions.LongCount("--terms", "Leibniz terms per CPU job (e.g. 100000000).", 1, ExperimentOptions.MaxTerms);

    public static Option<PiKernel?> Kernel { get; } = CliOptions.Choice<PiKernel>("--kernel", "The pi loop: scalar (the article's loop, one term at a time) or simd (Vector<double>, several terms at once).");

    public static Option<int?> Items { get; } = CliOptions.Count("--items", "How many items (tiny tasks) to process.", 1, ExperimentOptions.MaxItems);

    public static Option<int?> Work { get; } = CliOptions.Count("--work", "Size of one tiny task, in Leibniz terms of the article's loop.", 1, ExperimentOptions.MaxWork);

    public static Option<int?> PiItems { get; } = CliOptions.Count("--pi-items", "How many pi-chunk items (1,000,000 terms each) the executors map.", 1, ExperimentOptions.MaxPiItems);
    public static Option<string?> Source { get; } = CliOptions.Choice("--source", "Where downloads come from: the simulated network (waits only) or the silo's sites endpoint over real HTTP.", DownloadSources.Simulated, DownloadSources.Http);

    public static Option<int?> Bytes { get; } = CliOptions.Count("--bytes", "Bytes each download brings back.", 0, SiteQuery.MaxBytes);

    public static Option<double?> FailRate { get; } = CliOptions.Rate("--fail-rate", "HTTP only: share of answers that fail (a 500, a 503 or a reset connection), from 0 to 1.");

    public static Option<double?> HangRate { get; } = CliOptions.Rate("--hang-rate", "HTTP only: share of answers that never come, so the try times out, from 0 to 1.");

    public static Option<double?> SlowRate { get; } = CliOptions.Rate("--slow-rate", "HTTP only: share of answers whose body trickles out over 2 s, from 0 to 1.");

    public static Option<TimeSpan?> Timeout { get; } = CliOptions.Duration("--timeout", "HTTP only: how long one try may take, headers and body (default: twice the latency plus 1 s).", TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10));

    public static Option<int?> Retries { get; } = CliOptions.Count("--retries", "HTTP only: tries after a failed first one, with exponential backoff and jitter (default 3).", 0, HttpFetch.MaxRetries);

    public static Option<int?> Seed { get; } = CliOptions.Count("--seed", "HTTP only: chooses which answers misbehave, so a run repeats exactly (default 1).", 0, int.MaxValue);

    public static Option<string[]> Strategy { get; } = new("--strategy")
    {
        Description = "Run only these strategies (comma-separated or repeated).",
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result => result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
    };
}
