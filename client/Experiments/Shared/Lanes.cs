namespace Concurrency.Client.Experiments;

/// <summary>
/// Runs <c>count</c> indexed calls with at most <c>lanes</c> in flight: each lane takes every lanes-th index and
/// awaits its calls one after another. A bounded window keeps every core of the silo busy without queueing the
/// whole workload at once, where calls at the back would wait toward the response timeout.
/// </summary>
public static class Lanes
{
    public static Task RunAsync(long count, int lanes, Func<long, CancellationToken, ValueTask> call, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, (int)Math.Min(lanes, count)).Select(async lane =>
        {
            for (long i = lane; i < count; i += lanes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await call(i, cancellationToken);
            }
        }));
}
