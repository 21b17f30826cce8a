using System.Collections.Concurrent;
using Concurrency.Abstractions;
using Concurrency.Abstractions.Lab;
using Concurrency.Abstractions.Tracing;
using Concurrency.Grains.Tracing;
using Microsoft.Extensions.Options;

namespace Concurrency.Grains.Lab;

/// <summary>
/// This silo's live feed for the lab page. The page asks for a sample about twice a second; each ask renews a lease
/// of <see cref="LabLimits.WatchLease"/>, and only while the lease runs does the trace filter record calls for it.
/// The lease is a flag that a sample raises and a timer lowers when the lease runs out, so with no page open
/// <see cref="Watching"/> is one read of a field, with no clock read on the call path, and nothing else runs. With the
/// feed switched off (<see cref="LabLiveOptions"/>) no sample raises the flag.
/// Bounded: a sample carries at most <see cref="LabLimits.CallsPerSample"/> ended calls and counts those left out.
/// Its thread-pool figures are the highest that <see cref="Concurrency.Grains.Lab.PoolHistory"/> read since the
/// previous sample. That reader also keeps the last minute of the pool, lease or none, so a page opened mid-run draws it at once.
/// </summary>
public sealed class LabLive : IDisposable
{
    private readonly TimeProvider _time;
    private readonly bool _enabled;
    private readonly ITimer _leaseEnd;
    private readonly Lock _lease = new();
    private volatile bool _watching;
    private readonly ConcurrentQueue<GrainCallRecord> _ended = new();
    private readonly ConcurrentDictionary<CallTurns, GrainCallRecord> _running = new();
    private readonly Lock _sampling = new();
    private long _leaseUntil;
    private int _queued;
    private long _leftOut;
    private TimeSpan _lastCpu = Environment.CpuUsage.TotalTime;
    private long _lastSample;
    private LabRun _run = LabRun.Empty;

    private readonly PoolHistory _poolHistory = new();

    public LabLive(TimeProvider time, IOptions<LabLiveOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _enabled = options.Value.Enabled;
        if (_enabled)
        {
            _poolHistory.Start();
        }
        _lastSample = time.GetTimestamp();
        _leaseEnd = time.CreateTimer(static live => ((LabLive)live!).EndLeaseIfDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether this silo keeps a feed for the lab page at all (see <see cref="LabLiveOptions"/>).</summary>
    public bool Enabled => _enabled;

    /// <summary>Whether a page's lease runs: read on every grain call, so it is one field.</summary>
    public bool Watching => _watching;

    public LabRun Run => Volatile.Read(ref _run);

    /// <summary>The last minute of this silo's thread pool, oldest first; empty with the feed off.</summary>
    public IReadOnlyList<LabPoolPoint> PoolHistory => _poolHistory.Points;

    /// <summary>Completes when the pool history holds its first point.</summary>
    public Task FirstPoolPoint => _poolHistory.FirstPoint;

    public void Started(CallTurns turns, GrainCallRecord call) => _running[turns] = call;

    public void Ended(CallTurns turns, GrainCallRecord call)
    {
        _running.TryRemove(turns, out _);
        if (Interlocked.Increment(ref _queued) > LabLimits.CallsPerSample)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _leftOut);
            return;
        }

        _ended.Enqueue(Trim(call));
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
            var running = _running.ToArray();
            var inFlight = running.Take(LabLimits.InFlightPerSample)
                .Select(r => Trim(r.Value with { EndMicroseconds = at, Turns = r.Key.SoFar(at, LabLimits.TurnsPerCall) }))
                .ToList();

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
                Math.Max(0, running.Length - inFlight.Count));
        }
    }

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
