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
/// With no page open, <see cref="Watching"/> is one read of a number and the clock, and nothing else runs; with the
/// feed switched off (<see cref="LabLiveOptions"/>) it is one read of a field that never changes, and no sample opens a lease.
/// Bounded: a sample carries at most <see cref="LabLimits.CallsPerSample"/> ended calls and counts those left out.
/// Its thread-pool figures are the highest seen since the previous sample.
/// </summary>
public sealed class LabLive(TimeProvider time, IOptions<LabLiveOptions> options)
{
    private readonly bool _enabled = options.Value.Enabled;
    private readonly ConcurrentQueue<GrainCallRecord> _ended = new();
    private readonly ConcurrentDictionary<CallTurns, GrainCallRecord> _running = new();
    private readonly Lock _sampling = new();
    private long _leaseUntil;
    private int _queued;
    private long _leftOut;
    private TimeSpan _lastCpu = Environment.CpuUsage.TotalTime;
    private long _lastSample = time.GetTimestamp();
    private LabRun _run = LabRun.Empty;

    private readonly Lock _poolGate = new();
    private Thread? _poolWatcher;
    private int _maxThreads;
    private long _maxQueued;

    /// <summary>Whether this silo keeps a feed for the lab page at all (see <see cref="LabLiveOptions"/>).</summary>
    public bool Enabled => _enabled;

    public bool Watching => _enabled && time.GetTimestamp() < Volatile.Read(ref _leaseUntil);

    public LabRun Run => Volatile.Read(ref _run);

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
        var now = time.GetTimestamp();
        if (_enabled)
        {
            Volatile.Write(ref _leaseUntil, now + (long)(LabLimits.WatchLease.TotalSeconds * time.TimestampFrequency));
            WatchThreadPool();
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

            var cpu = Environment.CpuUsage.TotalTime;
            var wall = time.GetElapsedTime(_lastSample, now);
            var coresBusy = wall > TimeSpan.Zero ? (cpu - _lastCpu) / wall : 0;
            (_lastCpu, _lastSample) = (cpu, now);

            return new LabSample(
                silo,
                at,
                Math.Max(ThreadPool.ThreadCount, Interlocked.Exchange(ref _maxThreads, 0)),
                Math.Max(ThreadPool.PendingWorkItemCount, Interlocked.Exchange(ref _maxQueued, 0)),
                Math.Round(coresBusy, 3),
                Environment.ProcessorCount,
                Crunching.Running,
                calls,
                inFlight,
                Interlocked.Exchange(ref _leftOut, 0),
                Math.Max(0, running.Length - inFlight.Count));
        }
    }

    /// <summary>
    /// Reads the thread pool ten times a second on a thread of its own, keeping the highest figures until the next
    /// sample. Its own thread, because a starved pool (the point of blocking-many) would delay any reading made on a
    /// pool thread until the starvation is over. It stops once the page's lease runs out.
    /// </summary>
    private void WatchThreadPool()
    {
        lock (_poolGate)
        {
            if (_poolWatcher is { IsAlive: true })
            {
                return;
            }

            _poolWatcher = new Thread(() =>
            {
                while (Watching)
                {
                    Max(ref _maxThreads, ThreadPool.ThreadCount);
                    Max(ref _maxQueued, ThreadPool.PendingWorkItemCount);
                    Thread.Sleep(100);
                }
            })
            { IsBackground = true, Name = "lab thread-pool watcher" };
            _poolWatcher.Start();
        }
    }

    private static void Max(ref int field, int value)
    {
        for (var seen = Volatile.Read(ref field); value > seen; seen = Volatile.Read(ref field))
        {
            if (Interlocked.CompareExchange(ref field, value, seen) == seen)
            {
                return;
            }
        }
    }

    private static void Max(ref long field, long value)
    {
        for (var seen = Interlocked.Read(ref field); value > seen; seen = Interlocked.Read(ref field))
        {
            if (Interlocked.CompareExchange(ref field, value, seen) == seen)
            {
                return;
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
