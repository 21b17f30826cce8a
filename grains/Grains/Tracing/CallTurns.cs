using System.Runtime.CompilerServices;
using Concurrency.Abstractions.Tracing;

namespace Concurrency.Grains.Tracing;

/// <summary>
/// Records every stretch in which one traced call holds a thread.
///
/// The idea: everything a call runs, its first part and every continuation after an await, runs inside the call's
/// <see cref="ExecutionContext"/>, which .NET restores onto a thread when a piece starts and takes off when it ends.
/// An <see cref="AsyncLocal{T}"/> with a change handler is told of both moments (ThreadContextChanged), so setting
/// one to this object before the call runs makes the runtime itself report each turn's start and end, on whichever
/// thread. No grain carries timing code, and an await the grain makes inside a helper is seen as well as one in the
/// grain method. A stretch on the activation's own scheduler holds the activation; one on the thread pool (work the
/// call put there) holds only a pool thread. Several threads may run pieces of one call at once (a Parallel.For
/// inside it), so open stretches are kept per thread, under a lock.
/// Tracing off, nothing sets the local, so the handler never runs: untraced calls pay nothing here.
///
/// A gap between two turns is either awaiting (what the call awaits is not done) or queued (it is done, and the
/// continuation waits for the activation's scheduler to run it). The runtime tells neither, so the code that knows
/// says when the wait is over: <see cref="Yield"/> (a yield is over at once) and <see cref="ReadyWhenDone"/> (a task's
/// completion). The next turn on the activation then carries that moment, and the timelines draw the queue.
/// A mark counts only for the turn that follows it: one made after that turn began is dropped.
/// </summary>
public sealed class CallTurns
{
    /// <summary>The most turns one call keeps; past it, turns are only counted and timed.</summary>
    public const int MaxTurns = 256;

    private static readonly AsyncLocal<CallTurns?> Current = new(OnContextChanged);

    private readonly Lock _gate = new();
    private readonly TaskScheduler _activation;
    private readonly Action<CallTurn>? _listener;
    private readonly List<CallTurn> _turns = [];
    private readonly List<(int Thread, long Start, bool HoldsActivation, long Ready)> _open = [];
    private long _readyAt;
    private int _readyFor = -1;
    private int _activationTurns;
    private int _omitted;
    private long _omittedMicroseconds;
    private bool _closed;

    private CallTurns(TaskScheduler activation, Action<CallTurn>? listener)
    {
        _activation = activation;
        _listener = listener;
    }

    /// <summary>
    /// Starts recording the call that runs in this async flow, on the activation whose scheduler is
    /// <paramref name="activation"/>; the caller's own stretch begins now. <paramref name="listener"/> hears each
    /// turn as it ends.
    /// </summary>
    public static CallTurns Enter(TaskScheduler activation, Action<CallTurn>? listener = null)
    {
        var turns = new CallTurns(activation, listener);
        Current.Value = turns;
        return turns;
    }

    /// <summary>Ends the call: closes the stretch this code runs in (and any still open elsewhere) and hands over the turns.</summary>
    public (IReadOnlyList<CallTurn> Turns, int Omitted, long OmittedMicroseconds) Exit()
    {
        if (ReferenceEquals(Current.Value, this))
        {
            Current.Value = null;
        }

        // Work the call left running on other threads (fire and forget) is cut at the call's end.
        var now = TraceClock.NowMicroseconds();
        var cut = new List<CallTurn>();
        (IReadOnlyList<CallTurn>, int, long) recorded;
        lock (_gate)
        {
            for (var i = _open.Count - 1; i >= 0; i--)
            {
                cut.Add(CloseAt(i, now));
            }

            _closed = true;
            recorded = (_turns.ToArray(), _omitted, _omittedMicroseconds);
        }

        foreach (var turn in cut)
        {
            _listener?.Invoke(turn);
        }

        return recorded;
    }

    /// <summary>The turns so far of a call still running, a stretch still open counted up to <paramref name="now"/>.</summary>
    public IReadOnlyList<CallTurn> SoFar(long now, int max)
    {
        lock (_gate)
        {
            return [.. _turns.Take(max), .. _open.Take(Math.Max(0, max - _turns.Count)).Select(o => new CallTurn(o.Start, now, o.Thread, o.HoldsActivation, o.Ready))];
        }
    }

    /// <summary>
    /// <c>Task.Yield()</c> that tells the recording call (if any) it is ready at once: the gap that follows is time
    /// queued for the activation, not an await.
    /// </summary>
    public static YieldAwaitable Yield()
    {
        Current.Value?.MarkReady(TraceClock.NowMicroseconds(), expected: null);
        return Task.Yield();
    }

    /// <summary>
    /// Returns <paramref name="pending"/>; when a call is recording and the task is not done, the moment it completes
    /// is marked as the moment the call's next turn became ready. Await it on the activation straight after.
    /// </summary>
    public static Task ReadyWhenDone(Task pending)
    {
        if (!pending.IsCompleted && Current.Value is { } turns)
        {
            // Not in the call's context: the mark itself is not a stretch of the call.
            var expected = turns.ActivationTurns;
            using var unflowed = ExecutionContext.SuppressFlow();
            pending.ContinueWith(
                static (_, state) =>
                {
                    var (recording, turn) = ((CallTurns, int))state!;
                    recording.MarkReady(TraceClock.NowMicroseconds(), turn);
                },
                (turns, expected),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return pending;
    }

    /// <inheritdoc cref="ReadyWhenDone(Task)"/>
    public static Task<T> ReadyWhenDone<T>(Task<T> pending)
    {
        ReadyWhenDone((Task)pending);
        return pending;
    }

    /// <inheritdoc cref="ReadyWhenDone(Task)"/>
    public static ValueTask<T> ReadyWhenDone<T>(ValueTask<T> pending) =>
        pending.IsCompleted || Current.Value is null ? pending : new ValueTask<T>(ReadyWhenDone(pending.AsTask()));

    /// <inheritdoc cref="ReadyWhenDone(Task)"/>
    public static ValueTask ReadyWhenDone(ValueTask pending) =>
        pending.IsCompleted || Current.Value is null ? pending : new ValueTask(ReadyWhenDone(pending.AsTask()));

    private int ActivationTurns
    {
        get
        {
            lock (_gate)
            {
                return _activationTurns;
            }
        }
    }

    /// <summary>Marks <paramref name="now"/> as when the next turn on the activation could run, unless a turn has begun since the mark was asked for (<paramref name="expected"/> turns then).</summary>
    private void MarkReady(long now, int? expected)
    {
        lock (_gate)
        {
            if (!_closed && (expected is null || expected == _activationTurns))
            {
                (_readyAt, _readyFor) = (now, _activationTurns);
            }
        }
    }

    private static void OnContextChanged(AsyncLocalValueChangedArgs<CallTurns?> change)
    {
        if (ReferenceEquals(change.PreviousValue, change.CurrentValue))
        {
            return;
        }

        var now = TraceClock.NowMicroseconds();
        var thread = Environment.CurrentManagedThreadId;
        change.PreviousValue?.End(thread, now);
        change.CurrentValue?.Begin(thread, now);
    }

    private void Begin(int thread, long now)
    {
        var holdsActivation = TaskScheduler.Current == _activation;
        lock (_gate)
        {
            if (!_closed && _open.FindIndex(o => o.Thread == thread) < 0)
            {
                var ready = 0L;
                if (holdsActivation)
                {
                    if (_readyFor == _activationTurns && _readyAt <= now)
                    {
                        ready = _readyAt;
                    }

                    (_readyFor, _activationTurns) = (-1, _activationTurns + 1);
                }

                _open.Add((thread, now, holdsActivation, ready));
            }
        }
    }

    private void End(int thread, long now)
    {
        CallTurn? ended = null;
        lock (_gate)
        {
            var i = _open.FindIndex(o => o.Thread == thread);
            if (i >= 0)
            {
                ended = CloseAt(i, now);
            }
        }

        if (ended is { } turn)
        {
            _listener?.Invoke(turn);
        }
    }

    private CallTurn CloseAt(int index, long now)
    {
        var (thread, start, holdsActivation, ready) = _open[index];
        _open.RemoveAt(index);
        var turn = new CallTurn(start, now, thread, holdsActivation, ready);
        if (_turns.Count < MaxTurns)
        {
            _turns.Add(turn);
        }
        else
        {
            _omitted++;
            _omittedMicroseconds += turn.Microseconds;
        }

        return turn;
    }
}
