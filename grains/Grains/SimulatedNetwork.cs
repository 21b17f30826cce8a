using System.Collections.Concurrent;
using System.Diagnostics;

namespace Concurrency.Grains;

/// <summary>
/// The simulated internet's clock. Every wait due in the same millisecond shares one timer, as a real network stack
/// wakes a process once for every socket that became ready, or as asyncio's loop sleeps once until its nearest
/// deadline. A million concurrent downloads then cost a million small entries, not a million kernel timers.
/// </summary>
public sealed class SimulatedNetwork
{
    private static readonly long TicksPerMillisecond = Stopwatch.Frequency / 1000;

    private readonly ConcurrentDictionary<long, Lazy<Task<long>>> _due = new();

    /// <summary>
    /// Timers not yet fired. A cancelled download stops awaiting its timer at once; the timer itself, shared with
    /// other waits, still fires at its due time and is then removed, so none outlives the longest latency asked for.
    /// </summary>
    public int PendingTimers => _due.Count;

    /// <summary>
    /// Completes once <paramref name="latency"/> has passed (to the millisecond, rounded up) with the
    /// <see cref="Stopwatch"/> timestamp at which the network delivered the answer.
    /// </summary>
    public Task<long> WaitAsync(TimeSpan latency)
    {
        var now = Stopwatch.GetTimestamp();
        if (latency <= TimeSpan.Zero)
        {
            return Task.FromResult(now);
        }

        var dueMillisecond = (now + (long)(latency.TotalSeconds * Stopwatch.Frequency) + TicksPerMillisecond - 1) / TicksPerMillisecond;
        return _due.GetOrAdd(dueMillisecond, static (ms, network) => new Lazy<Task<long>>(() => network.TimerAsync(ms)), this).Value;
    }

    private async Task<long> TimerAsync(long dueMillisecond)
    {
        try
        {
            // The OS timer may fire a little early; a download must never arrive before its latency has passed.
            var due = dueMillisecond * TicksPerMillisecond;
            for (var now = Stopwatch.GetTimestamp(); now < due; now = Stopwatch.GetTimestamp())
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(Stopwatch.GetElapsedTime(now, due).TotalMilliseconds))).ConfigureAwait(false);
            }

            // Hand the wake-ups to the thread pool rather than the timer thread, so they run on every core.
            await Task.Yield();
            return Stopwatch.GetTimestamp();
        }
        finally
        {
            _due.TryRemove(dueMillisecond, out _);
        }
    }
}
