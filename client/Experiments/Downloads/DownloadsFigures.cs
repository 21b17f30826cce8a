using Concurrency.Abstractions;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// What one downloads strategy measured: every download counted as succeeded or failed (so they add up to the
/// downloads asked for), the tries and retries that took, the bytes brought back, the downloaders and grain calls
/// used, the fastest and slowest download, and each failure reason with its count.
/// </summary>
public sealed record DownloadsFigures(
    int Downloads,
    int Succeeded,
    long Failed,
    long Attempts,
    long Retries,
    long Bytes,
    int Downloaders,
    int GrainCalls,
    double FastestDownloadSeconds,
    double SlowestDownloadSeconds,
    IReadOnlyDictionary<string, int> FailureReasons,
    Uri? Sites) : StrategyFigures, ICountsFailures
{
    internal static DownloadsFigures Of(DownloadSummary summary, int downloaders, int calls, HttpFetch? http) => new(
        summary.Requested,
        summary.Succeeded,
        summary.Failed,
        summary.Attempts,
        summary.Retries,
        summary.Bytes,
        downloaders,
        calls,
        summary.FastestDownload.TotalSeconds,
        summary.SlowestDownload.TotalSeconds,
        summary.FailureReasons,
        http?.SitesBase);

    /// <summary>Every download ended one way or the other, and there were as many as asked for.</summary>
    public bool AccountedFor(int count) => Downloads == count && Succeeded + Failed == Downloads;
}
