using System.Diagnostics;

namespace Concurrency.Client.Experiments;

/// <summary>
/// An open-loop schedule: call i is sent at its due time whether or not earlier calls have answered, as clients of a
/// server keep arriving whatever the server is doing. A closed loop (send, await, send) would slow down with the
/// server and hide exactly the queueing a latency measurement is for.
/// </summary>
public static class Paced
{
    /// <summary>
    /// Sends <paramref name="count"/> calls, call i at <paramref name="dueAt"/>(i) after <paramref name="started"/>
    /// (a <see cref="Stopwatch"/> timestamp); a call that is already late goes at once. Returns every call's result.
    /// </summary>
    public static async Task<T[]> RunAsync<T>(int count, long started, Func<int, TimeSpan> dueAt, Func<int, Task<T>> send, CancellationToken cancellationToken)
    {
        var calls = new Task<T>[count];
        for (var i = 0; i < count; i++)
        {
            var wait = dueAt(i) - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            calls[i] = send(i);
        }

        return await Task.WhenAll(calls);
    }

    /// <summary>Awaits one call and returns its result with its latency in milliseconds, from sending to answer.</summary>
    public static async Task<(T Value, double Milliseconds)> TimedAsync<T>(Func<ValueTask<T>> call)
    {
        var sent = Stopwatch.GetTimestamp();
        var value = await call();
        return (value, Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
    }
}
