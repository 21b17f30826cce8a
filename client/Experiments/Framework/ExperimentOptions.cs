using System.CommandLine;
using Concurrency.Abstractions;
using Concurrency.Cli;
using Concurrency.Hosting;

namespace Concurrency.Client.Experiments;

/// <summary>
/// The options several experiments take, each made fresh for the experiment that asks (so each experiment's
/// subcommand has its own, with its own defaults: see <see cref="Setting{T}"/>).
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

    public static Option<int?> Count() => CliOptions.Count("--count", "How many downloads or fetches.", 1, MaxCount);

    /// <summary>
    /// A download or fetch is one grain call that awaits its latency, so no latency may come near Orleans' 30 s
    /// response timeout: the longest allowed is <see cref="ResponseBudget.Limit"/>.
    /// </summary>
    public static Option<TimeSpan?> Latency() => CliOptions.Duration("--latency", "Simulated network latency of one download, e.g. 2s, 250ms.", TimeSpan.FromMilliseconds(1), ResponseBudget.Limit,
        "one download is one grain call, which must answer within Orleans' 30 s response timeout");

    public static Option<int?> Jobs() => CliOptions.Count("--jobs", "How many CPU jobs run at once.", 1, MaxJobs);

    public static Option<long?> Terms() => CliOptions.LongCount("--terms", "Leibniz terms per CPU job (e.g. 100000000).", 1, MaxTerms);

    public static Option<PiKernel?> Kernel() => CliOptions.Choice<PiKernel>("--kernel", "The pi loop: scalar (the article's loop, one term at a time) or simd (Vector<double>, several terms at once).");

    public static Option<int?> Items() => CliOptions.Count("--items", "How many items (tiny tasks) to process.", 1, MaxItems);

    public static Option<int?> Work() => CliOptions.Count("--work", "Size of one tiny task, in Leibniz terms of the article's loop.", 1, MaxWork);

    public static Option<int?> PiItems() => CliOptions.Count("--pi-items", "How many pi-chunk items (1,000,000 terms each) the executors map.", 1, MaxPiItems);
    public static Option<string?> Source() => CliOptions.Choice("--source", "Where downloads come from: the simulated network (waits only) or the silo's sites endpoint over real HTTP.", DownloadSources.Simulated, DownloadSources.Http);

    public static Option<int?> Bytes() => CliOptions.Count("--bytes", "Bytes each download brings back.", 0, SiteQuery.MaxBytes);

    public static Option<double?> FailRate() => CliOptions.Rate("--fail-rate", "HTTP only: share of answers that fail (a 500, a 503 or a reset connection), from 0 to 1.");

    public static Option<double?> HangRate() => CliOptions.Rate("--hang-rate", "HTTP only: share of answers that never come, so the try times out, from 0 to 1.");

    public static Option<double?> SlowRate() => CliOptions.Rate("--slow-rate", "HTTP only: share of answers whose body trickles out over 2 s, from 0 to 1.");

    public static Option<TimeSpan?> Timeout() => CliOptions.Duration("--timeout", "HTTP only: how long one try may take, headers and body (default: twice the latency plus 1 s).", TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10));

    public static Option<int?> Retries() => CliOptions.Count("--retries", "HTTP only: tries after a failed first one, with exponential backoff and jitter.", 0, HttpFetch.MaxRetries);

    public static Option<int?> Seed() => CliOptions.Count("--seed", "HTTP only: chooses which answers misbehave, so a run repeats exactly.", 0, int.MaxValue);
}
