using System.Diagnostics;
using Concurrency.Abstractions;
using Concurrency.Client.Output;

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
