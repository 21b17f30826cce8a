using System.Diagnostics;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Other requests to one activation while it works: pings sent open-loop at a steady rate (each at its due time,
/// whatever the activation is doing), each timed end to end. A ping does nothing, so its latency is the wait for the
/// activation's next turn: the figure that shows whether the work held the activation or let go of it.
/// </summary>
public static class Pinging
{
    /// <summary>Pings at <paramref name="rate"/> a second until <paramref name="work"/> ends; returns the latencies in ms, ascending.</summary>
    public static async Task<IReadOnlyList<double>> WhileAsync(Func<ValueTask> ping, Task work, int rate, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var calls = new List<Task<double>>();
        for (var i = 0; !work.IsCompleted; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / rate) - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.WhenAny(Task.Delay(wait, cancellationToken), work);
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!work.IsCompleted)
            {
                calls.Add(TimedAsync(ping));
            }
        }

        await work;
        return [.. (await Task.WhenAll(calls)).Order()];
    }

    /// <summary>The floor: <paramref name="count"/> pings at <paramref name="rate"/> a second to an activation with nothing else to do.</summary>
    public static async Task<IReadOnlyList<double>> IdleAsync(Func<ValueTask> ping, int count, int rate, CancellationToken cancellationToken)
    {
        await ping();
        var started = Stopwatch.GetTimestamp();
        var latencies = await Paced.RunAsync(count, started, i => TimeSpan.FromSeconds((double)i / rate), _ => TimedAsync(ping), cancellationToken);
        return [.. latencies.Order()];
    }

    private static async Task<double> TimedAsync(Func<ValueTask> ping)
    {
        var sent = Stopwatch.GetTimestamp();
        await ping();
        return Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
    }
}

/// <summary>
/// The wait of a call that arrives at a random moment at an activation held for <c>held</c> ms at a time, with
/// <c>gap</c> ms free between holds: with chance f = held / (held + gap) it arrives during a hold and waits for the
/// rest of it, uniform over [0, held]; otherwise it waits nothing. Its p-th percentile is 0 for p up to 1 - f, and
/// held x (p - (1 - f)) / f beyond.
/// </summary>
public static class HeldActivation
{
    public static double WaitMs(double p, double heldMs, double gapMs)
    {
        if (heldMs <= 0)
        {
            return 0;
        }

        var f = heldMs / (heldMs + Math.Max(0, gapMs));
        return p <= 1 - f ? 0 : heldMs * (p - (1 - f)) / f;
    }
}
