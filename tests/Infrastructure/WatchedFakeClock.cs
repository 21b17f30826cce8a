using Microsoft.Extensions.Time.Testing;

namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells a test when a timer has been armed and how many are still alive. A
/// test advances the clock only once the wait it means to move is parked on a timer, so it never races the code
/// under test, and it needs no sleep to find out.
/// </summary>
public sealed class WatchedFakeClock : FakeTimeProvider
{
    /// <summary>How long a test waits for a timer that should be armed before it fails; real time, never slept.</summary>
    public static readonly TimeSpan ArmTimeout = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly List<(long Count, TaskCompletionSource Armed)> _watchers = [];
    private long _armed;
    private int _alive;

    /// <summary>Timers armed since the clock was made: a one-shot timer counts each time it is armed.</summary>
    public long Armed
    {
        get
        {
            lock (_lock)
            {
                return _armed;
            }
        }
    }

    /// <summary>Timers created and not disposed.</summary>
    public int Alive => Volatile.Read(ref _alive);

    /// <summary>Completes once <paramref name="count"/> timers have been armed in all; fails the test after <see cref="ArmTimeout"/>.</summary>
    public async Task ArmedAsync(long count)
    {
        TaskCompletionSource armed;
        lock (_lock)
        {
            if (_armed >= count)
            {
                return;
            }

            armed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _watchers.Add((count, armed));
        }

        try
        {
            await armed.Task.WaitAsync(ArmTimeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{ArmTimeout.TotalSeconds:0} s (real time) without timer {count} being armed: {Armed} armed so far, {Alive} alive.");
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _alive);
        var timer = new WatchedTimer(this, base.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        timer.Change(dueTime, period);
        return timer;
    }

    private void OnArmed()
    {
        List<TaskCompletionSource> ready;
        lock (_lock)
        {
            _armed++;
            ready = [.. _watchers.Where(w => w.Count <= _armed).Select(w => w.Armed)];
            _watchers.RemoveAll(w => w.Count <= _armed);
        }

        ready.ForEach(armed => armed.TrySetResult());
    }

    private sealed class WatchedTimer(WatchedFakeClock clock, ITimer inner) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);

            // Counted once the fake timer holds its due time, so an Advance after the signal always moves it.
            if (changed && dueTime != Timeout.InfiniteTimeSpan)
            {
                clock.OnArmed();
            }

            return changed;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref clock._alive);
            }

            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
