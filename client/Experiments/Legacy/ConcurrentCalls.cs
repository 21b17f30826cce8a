using System.Diagnostics;
using Concurrency.Abstractions;
using Concurrency.Client.Output;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Many grain calls sent at once and timed together: what happens to them is up to the grains that receive them
/// (queued by an ordinary grain, interleaved by a reentrant one, stalled by one that blocks).
/// </summary>
public static class ConcurrentCalls
{
    private static readonly TimeSpan WarmUpLatency = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Sends <paramref name="count"/> calls without awaiting any, then awaits them all. Returns each call's result,
    /// the moment each completed (seconds after the first was sent) and the total time.
    /// </summary>
    public static async Task<(T[] Results, double[] CompletedAt, double Seconds)> RunAsync<T>(int count, IProgressTask progress, Func<int, ValueTask<T>> call)
    {
        var completedAt = new double[count];
        var started = Stopwatch.GetTimestamp();
        var calls = new Task<T>[count];
        for (var i = 0; i < count; i++)
        {
            calls[i] = Timed(i);
        }

        var results = await Task.WhenAll(calls);
        return (results, completedAt, Stopwatch.GetElapsedTime(started).TotalSeconds);

        async Task<T> Timed(int i)
        {
            var result = await call(i);
            completedAt[i] = Stopwatch.GetElapsedTime(started).TotalSeconds;
            progress.Advance();
            return result;
        }
    }

    /// <summary>
    /// One strategy of <paramref name="count"/> fetches sent at once to one event-loop grain, each its own awaited call;
    /// whether they queue or overlap is the grain's doing.
    /// </summary>
    public static async Task<StrategyResult> FetchEachAsync(
        ExperimentContext context, string label, string strategy, IEventLoopGrain loop, int count, TimeSpan latency, double expectedSeconds, CancellationToken cancellationToken)
    {
        await WarmAsync([loop], cancellationToken);
        using var progress = context.Progress.Start(label, count);
        var (results, _, seconds) = await RunAsync(count, progress, i => loop.Fetch(new DownloadRequest($"api{i}", latency, 0), cancellationToken));

        var summary = new DownloadSummaryBuilder();
        foreach (var result in results)
        {
            summary.Add(result);
        }

        return LegacyResults.Strategy(strategy, expectedSeconds, seconds, FetchMetrics(summary.Build(), calls: count));
    }

    public static Dictionary<string, object?> FetchMetrics(DownloadSummary summary, int calls) => new()
    {
        ["fetches"] = summary.Requested,
        ["succeeded"] = summary.Succeeded,
        ["failed"] = summary.Failed,
        ["grainCalls"] = calls,
    };

    /// <summary>
    /// Activates event-loop grains, and runs one short fetch each way, before a clock starts: the claims are about
    /// waiting, not about activating grains or compiling the fetch path on first use.
    /// </summary>
    public static Task WarmAsync(IEnumerable<IEventLoopGrain> grains, CancellationToken cancellationToken) =>
        Task.WhenAll(grains.Select(async grain =>
        {
            await grain.Gather(new DownloadBatch("warm-up", 0, 1, WarmUpLatency, 0), cancellationToken);
            await grain.Fetch(new DownloadRequest("warm-up", WarmUpLatency, 0), cancellationToken);
        }));
}
