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
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "Its timer is disposed when it fires or when the last wait leaves; a wait may still leave after that, so there is no one moment for a Dispose.")]
    public sealed class SharedTimer
    {
        private const int Closed = -1;

        private readonly SimulatedNetwork _network;
        private readonly long _dueMillisecond;
        private readonly TaskCompletionSource<long> _delivered = new();
        private ITimer? _timer;
        private long _deliveredAt;
        private int _waits;
        private int _started;

        internal SharedTimer(SimulatedNetwork network, long dueMillisecond) => (_network, _dueMillisecond) = (network, dueMillisecond);

        internal Task<long> Delivered => _delivered.Task;

        private long Due => _dueMillisecond * _network._ticksPerMillisecond;

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
                        Start();
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
                _timer?.Dispose();
                _delivered.TrySetCanceled();
            }
        }

        private void Start()
        {
            // Created unarmed, then armed: the callback may need to re-arm it, so it must be in the field before it can
            // fire. Without the caller's execution context: the timer serves every wait that joins, not the first.
            using (ExecutionContext.SuppressFlow())
            {
                _timer = _network.Time.CreateTimer(static state => ((SharedTimer)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            _timer.Change(UntilDue(_network.Time.GetTimestamp()), Timeout.InfiniteTimeSpan);
        }

        private TimeSpan UntilDue(long now) =>
            TimeSpan.FromMilliseconds(Math.Ceiling(_network.Time.GetElapsedTime(now, Due).TotalMilliseconds));

        private void Fire()
        {
            // The OS timer may fire a little early; a download must never arrive before its latency has passed.
            var now = _network.Time.GetTimestamp();
            if (now < Due)
            {
                _timer!.Change(UntilDue(now), Timeout.InfiniteTimeSpan);
                return;
            }

            _network._due.TryRemove(new KeyValuePair<long, SharedTimer>(_dueMillisecond, this));
            _timer!.Dispose();

            // The answer arrived now; hand the wake-ups to the thread pool rather than the timer's thread (with a fake
            // clock, the test's thread inside Advance), so they run on every core.
            _deliveredAt = now;
            ThreadPool.UnsafeQueueUserWorkItem(static timer => timer._delivered.TrySetResult(timer._deliveredAt), this, preferLocal: false);
        }
    }
}
