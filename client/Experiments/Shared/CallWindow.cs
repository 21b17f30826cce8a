namespace Concurrency.Client.Experiments;

/// <summary>
/// Runs <c>count</c> indexed calls with at most <c>width</c> in flight: each place in the window takes every
/// width-th index and awaits its calls one after another. A bounded window keeps every core of the silo busy without
/// queueing the whole workload at once, where calls at the back would wait toward the response timeout.
/// </summary>
public static class CallWindow
{
    public static Task RunAsync(long count, int width, Func<long, CancellationToken, ValueTask> call, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, (int)Math.Min(width, count)).Select(async place =>
        {
            for (long i = place; i < count; i += width)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await call(i, cancellationToken);
            }
        }));
}
