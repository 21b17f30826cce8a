using System.Collections.Concurrent;
using Concurrency.Abstractions;
using Concurrency.Abstractions.Lab;
using Concurrency.Abstractions.Tracing;
using Concurrency.Grains.Tracing;
using Microsoft.Extensions.Options;

namespace Concurrency.Grains.Lab;

/// <summary>
/// This silo's live feed for the lab page. The page asks for a sample about twice a second; each ask renews a lease
/// of <see cref="LabLimits.WatchLease"/>, and while the lease runs the trace filter records every call of the lab's
/// grains for it. The lease is a flag that a sample raises and a timer lowers when the lease runs out.
/// With no page open the filter still records a few calls, so that a page opened mid-run draws what is already
/// running and the last seconds before it: a budget of <see cref="LabLimits.RecentCallsPerPoint"/> calls, renewed
/// every half second by the pool reader. Once a half second's budget is spent, <see cref="MayRecord"/> is two reads
/// of fields, with no clock read on the call path, until the next renewal. Ended calls go to a ring of the last
/// <see cref="LabLimits.RecentCallsWindow"/> (<see cref="History"/>), and, while a page watches, to its next sample.
/// With the feed switched off (<see cref="LabLiveOptions"/>) nothing renews the budget and no sample raises the flag.
/// Bounded: a sample carries at most <see cref="LabLimits.CallsPerSample"/> ended calls and counts those left out.
/// Its thread-pool figures are the highest that <see cref="Concurrency.Grains.Lab.PoolHistory"/> read since the
/// previous sample. That reader also keeps the last minute of the pool, lease or none.
/// </summary>
public sealed class LabLive : IDisposable
{
    private readonly TimeProvider _time;
    private readonly bool _enabled;
    private readonly ITimer _leaseEnd;
    private readonly Lock _lease = new();
    private volatile bool _watching;
    private readonly RecordingBudget _budget;
    private readonly ConcurrentQueue<GrainCallRecord> _ended = new();
    private readonly ConcurrentDictionary<CallTurns, GrainCallRecord> _running = new();
    private readonly Lock _sampling = new();
    private long _leaseUntil;
    private int _queued;
    private long _leftOut;
    private TimeSpan _lastCpu = Environment.CpuUsage.TotalTime;
    private long _lastSample;
    private LabRun _run = LabRun.Empty;

    private readonly PoolHistory _poolHistory;
    private readonly RecentCalls _recent = new(LabLimits.RecentCallsKept);

    public LabLive(TimeProvider time, IOptions<LabLiveOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _poolHistory = new PoolHistory(onPoint: RenewBudget);
        _time = time;
        _enabled = options.Value.Enabled;
        _budget = new RecordingBudget(_enabled ? LabLimits.RecentCallsPerPoint : 0);
        if (_enabled)
        {
            _poolHistory.Start();
        }
        _lastSample = time.GetTimestamp();
        _leaseEnd = time.CreateTimer(static live => ((LabLive)live!).EndLeaseIfDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether this silo keeps a feed for the lab page at all (see <see cref="LabLiveOptions"/>).</summary>
    public bool Enabled => _enabled;

    /// <summary>Whether a page's lease runs.</summary>
    public bool Watching => _watching;

    /// <summary>Whether a call may be recorded now (a page watches, or this half second's budget is not spent): read on every grain call, so it is two fields.</summary>
    public bool MayRecord => _watching || _budget.MayTake;

    /// <summary>Whether to record the call that starts now: always while a page watches, otherwise while the budget lasts (and takes one from it).</summary>
    public bool Admit() => _watching || _budget.TryTake();

    /// <summary>Gives the unwatched recording its budget for the next half second (the pool reader calls it on its beat).</summary>
    public void RenewBudget() => _budget.Renew(TraceClock.NowMicroseconds());

    public LabRun Run => Volatile.Read(ref _run);

    /// <summary>The last minute of this silo's thread pool, oldest first; empty with the feed off.</summary>
    public IReadOnlyList<LabPoolPoint> PoolHistory => _poolHistory.Points;

    /// <summary>What a page that opens now draws at once: the pool's last minute, the calls that ended in the last 15 s and those still running.</summary>
    public LabSiloHistory History()
    {
        if (!_enabled)
        {
            return LabSiloHistory.Empty;
        }

        var at = TraceClock.NowMicroseconds();
        var since = at - (long)LabLimits.RecentCallsWindow.TotalMicroseconds;
        var calls = _recent.EndedSince(since, LabLimits.HistoryCalls);
        return new LabSiloHistory(
            at,
            _poolHistory.Points,
            calls,
            Running(at),
            Sampled: _budget.SpentSince(since) || calls.Count == LabLimits.HistoryCalls);
    }

    /// <summary>Completes when the pool history holds its first point.</summary>
    public Task FirstPoolPoint => _poolHistory.FirstPoint;

    public void Started(CallTurns turns, GrainCallRecord call) => _running[turns] = call;

    public void Ended(CallTurns turns, GrainCallRecord call)
    {
        _running.TryRemove(turns, out _);
        var trimmed = Trim(call);
        _recent.Add(trimmed);
        if (!_watching)
        {
            return;
        }

        if (Interlocked.Increment(ref _queued) > LabLimits.CallsPerSample)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _leftOut);
            return;
        }

        _ended.Enqueue(trimmed);
    }

    public void Update(Func<LabRun, LabRun> change)
    {
        lock (_sampling)
        {
            _run = change(_run) with { Version = _run.Version + 1 };
        }
    }

    /// <summary>
    /// What happened since the last sample; renews the lease so the filter keeps recording. With the feed off, the
    /// silo's threads and cores only: no lease, so no calls.
    /// </summary>
    public LabSample Sample(string silo)
    {
        var now = _time.GetTimestamp();
        var resumed = _watching;
        if (_enabled)
        {
            lock (_lease)
            {
                _leaseUntil = now + (long)(LabLimits.WatchLease.TotalSeconds * _time.TimestampFrequency);
                _watching = true;
                _leaseEnd.Change(LabLimits.WatchLease, Timeout.InfiniteTimeSpan);
            }

        }

        lock (_sampling)
        {
            var calls = new List<GrainCallRecord>();
            while (_ended.TryDequeue(out var call))
            {
                Interlocked.Decrement(ref _queued);
                calls.Add(call);
            }

            var at = TraceClock.NowMicroseconds();
            var running = _running.Count;
            var inFlight = Running(at);

            // The highest since the previous sample of this watch; the first sample of a watch reads the pool now,
            // not the highest since a page that left long ago.
            var highest = _poolHistory.TakeHighest();
            if (!resumed)
            {
                highest = (0, 0);
            }

            var cpu = Environment.CpuUsage.TotalTime;
            var wall = _time.GetElapsedTime(_lastSample, now);
            var coresBusy = wall > TimeSpan.Zero ? (cpu - _lastCpu) / wall : 0;
            (_lastCpu, _lastSample) = (cpu, now);

            return new LabSample(
                silo,
                at,
                Math.Max(ThreadPool.ThreadCount, highest.Threads),
                Math.Max(ThreadPool.PendingWorkItemCount, highest.Queued),
                Math.Round(coresBusy, 3),
                Environment.ProcessorCount,
                Crunching.Running,
                calls,
                inFlight,
                Interlocked.Exchange(ref _leftOut, 0),
                Math.Max(0, running - inFlight.Count));
        }
    }

    /// <summary>
    /// The calls still running, at most <see cref="LabLimits.InFlightPerSample"/>, each with its turns up to
    /// <paramref name="at"/>. A call that started after <paramref name="at"/> (between the stamp and this read) is
    /// the next sample's: cut at <paramref name="at"/>, it would end before it began.
    /// </summary>
    private List<GrainCallRecord> Running(long at) =>
        [.. _running.Where(r => r.Value.StartMicroseconds <= at).Take(LabLimits.InFlightPerSample).Select(r => Trim(r.Value with { EndMicroseconds = at, Turns = r.Key.SoFar(at, LabLimits.TurnsPerCall) }))];

    public void Dispose()
    {
        _leaseEnd.Dispose();
        _poolHistory.Dispose();
    }

    // The timer may fire just as a sample renews the lease: under the lock, it lowers the flag only if the lease it
    // ends is the one now running out, and otherwise waits for the renewed one.
    private void EndLeaseIfDue()
    {
        lock (_lease)
        {
            var left = _time.GetElapsedTime(_time.GetTimestamp(), _leaseUntil);
            if (left <= TimeSpan.Zero)
            {
                _watching = false;
            }
            else
            {
                _leaseEnd.Change(left, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>A call as the page draws it: at most <see cref="LabLimits.TurnsPerCall"/> turns, the rest counted.</summary>
    private static GrainCallRecord Trim(GrainCallRecord call) => call.Turns.Count <= LabLimits.TurnsPerCall
        ? call
        : call with
        {
            Turns = call.Turns.Take(LabLimits.TurnsPerCall).ToArray(),
            OmittedTurns = call.OmittedTurns + call.Turns.Count - LabLimits.TurnsPerCall,
            OmittedTurnMicroseconds = call.OmittedTurnMicroseconds + call.Turns.Skip(LabLimits.TurnsPerCall).Sum(t => t.Microseconds),
        };
}
