using System.Collections.Concurrent;

namespace Concurrency.Grains;

/// <summary>
/// The simulated internet's clock. Every wait due in the same millisecond shares one timer, as a real network stack
/// wakes a process once for every socket that became ready, or as asyncio's loop sleeps once until its nearest
/// deadline. A million concurrent downloads then cost a million small entries, not a million kernel timers.
///
/// A timer counts the waits parked on it. A wait that is abandoned (its download cancelled) leaves; when the last
/// one leaves, the timer is cancelled and removed at once, so a cancelled run leaves no timer behind, however long
/// the latency it asked for.
///
/// Time is the <see cref="LabClock"/>'s: real time in a silo, a fake clock that only moves when told in the tests, so
/// "a download of 1 s is not there at 999 ms and is there at 1000 ms" is an exact assertion there.
/// </summary>
public sealed class SimulatedNetwork
{
    private readonly ConcurrentDictionary<long, SharedTimer> _due = new();
    private readonly long _ticksPerMillisecond;

    public SimulatedNetwork(LabClock clock)
    {
        Time = clock.Time;
        _ticksPerMillisecond = Time.TimestampFrequency / 1000;
    }

    /// <summary>The clock the network's timestamps come from: measure a wait against it.</summary>
    public TimeProvider Time { get; }

    /// <summary>Timers not yet fired that some wait is still parked on.</summary>
    public int PendingTimers => _due.Count;

    /// <summary>Waits parked on those timers (a snapshot: it walks them).</summary>
    public int ParkedWaits => _due.Values.Sum(timer => timer.Waits);

    /// <summary>
    /// Parks a wait of <paramref name="latency"/> (to the millisecond, rounded up). Its task completes with the
    /// <see cref="Time"/> timestamp at which the network delivered the answer. Every wait is either awaited to
    /// the end or handed back with <see cref="Abandon"/>.
    /// </summary>
    public Arrival Park(TimeSpan latency)
    {
        var now = Time.GetTimestamp();
        if (latency <= TimeSpan.Zero)
        {
            return new Arrival(null, Task.FromResult(now));
        }

        var dueMillisecond = (now + (long)(latency.TotalSeconds * Time.TimestampFrequency) + _ticksPerMillisecond - 1) / _ticksPerMillisecond;
        while (true)
        {
            var timer = _due.GetOrAdd(dueMillisecond, static (ms, network) => new SharedTimer(network, ms), this);
            if (timer.TryJoin())
            {
                return new Arrival(timer, timer.Delivered);
            }

            // Every wait had just left that timer and it is closing: start a fresh one for this millisecond.
            _due.TryRemove(new KeyValuePair<long, SharedTimer>(dueMillisecond, timer));
        }
    }

    /// <summary>Hands back a wait that will not be awaited; the last wait to leave a timer cancels it.</summary>
    public static void Abandon(Arrival arrival) => arrival.Timer?.Leave();

    /// <summary>One wait, awaited to its end or until <paramref name="cancellationToken"/> abandons it.</summary>
    public async Task<long> WaitAsync(TimeSpan latency, CancellationToken cancellationToken)
    {
        var arrival = Park(latency);
        try
        {
            return await arrival.Delivered.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Abandon(arrival);
            throw;
        }
    }

    /// <summary>A parked wait: the timer it shares (none for a zero latency) and the moment the answer arrives.</summary>
    public readonly record struct Arrival(SharedTimer? Timer, Task<long> Delivered);

    /// <summary>One timer for every wait due in one millisecond, with a count of the waits still parked on it.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The source only cancels a timer; with no timer or wait handle of its own it holds nothing to dispose, and a wait may still leave after the timer fired.")]
    public sealed class SharedTimer
    {
        private const int Closed = -1;

        private readonly SimulatedNetwork _network;
        private readonly long _dueMillisecond;
        private readonly CancellationTokenSource _cancel = new();
        private readonly TaskCompletionSource<long> _delivered = new();
        private int _waits;
        private int _started;

        internal SharedTimer(SimulatedNetwork network, long dueMillisecond) => (_network, _dueMillisecond) = (network, dueMillisecond);

        internal Task<long> Delivered => _delivered.Task;

        internal int Waits => Math.Max(Volatile.Read(ref _waits), 0);

        /// <summary>
        /// Joins the timer, starting it for the first wait. A timer the dictionary built but did not keep (two waits
        /// raced to add the same millisecond) is never joined, so it never starts.
        /// </summary>
        internal bool TryJoin()
        {
            for (var waits = Volatile.Read(ref _waits); waits != Closed; waits = Volatile.Read(ref _waits))
            {
                if (Interlocked.CompareExchange(ref _waits, waits + 1, waits) == waits)
                {
                    if (Interlocked.Exchange(ref _started, 1) == 0)
                    {
                        _ = RunAsync();
                    }

                    return true;
                }
            }

            return false;
        }

        internal void Leave()
        {
            if (Interlocked.Decrement(ref _waits) == 0 && Interlocked.CompareExchange(ref _waits, Closed, 0) == 0)
            {
                // Every wait left: nobody is waiting for this answer, so the timer goes at once.
                _network._due.TryRemove(new KeyValuePair<long, SharedTimer>(_dueMillisecond, this));
                _cancel.Cancel();
            }
        }

        private async Task RunAsync()
        {
            var time = _network.Time;
            var due = _dueMillisecond * _network._ticksPerMillisecond;
            try
            {
                // The OS timer may fire a little early; a download must never arrive before its latency has passed.
                var now = time.GetTimestamp();
                for (; now < due; now = time.GetTimestamp())
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(time.GetElapsedTime(now, due).TotalMilliseconds)), time, _cancel.Token).ConfigureAwait(false);
                }

                // The answer arrived now, read where the timer fired (with a fake clock, inside the test's Advance).
                // Hand the wake-ups to the thread pool rather than the timer's thread, so they run on every core.
                await Task.Yield();
                _network._due.TryRemove(new KeyValuePair<long, SharedTimer>(_dueMillisecond, this));
                _delivered.TrySetResult(now);
            }
            catch (OperationCanceledException)
            {
                // Every wait left: nobody is waiting for this answer.
                _delivered.TrySetCanceled(_cancel.Token);
            }
        }
    }
}
