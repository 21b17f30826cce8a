using Concurrency.Abstractions;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>What one async-fetch strategy measured: the fetches made, how many succeeded or failed, and the grain calls they took.</summary>
public sealed record AsyncFetchFigures(int Fetches, int Succeeded, long Failed, int GrainCalls) : StrategyFigures, ICountsFailures
{
    internal static AsyncFetchFigures Of(DownloadSummary summary, int calls) => new(summary.Requested, summary.Succeeded, summary.Failed, calls);
}
