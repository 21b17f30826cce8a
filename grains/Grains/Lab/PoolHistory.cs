using Concurrency.Abstractions.Lab;
using Concurrency.Abstractions.Tracing;

namespace Concurrency.Grains.Lab;

/// <summary>
/// The last minute of this silo's thread pool, kept whether or not a lab page is open: a ring of
/// <see cref="LabLimits.PoolHistoryPoints"/> points, one every <see cref="LabLimits.PoolPointEvery"/>, each the highest
/// threads and queued items read (ten times a second) since the point before. It reads on a thread of its own, because
/// a starved pool (the point of blocking-many) would delay a reading made on a pool thread until the starvation is over,
/// and the history would then miss exactly the moment it is for. The same readings give each lab-page sample the
/// highest figures since the sample before (<see cref="TakeHighest"/>), and its beat is the one the lab's unwatched
/// recording budget renews on (the <c>onPoint</c> action, run on the reader's thread when it starts and after each point).
/// </summary>
public sealed class PoolHistory : IDisposable
{
    private static readonly TimeSpan ReadEvery = TimeSpan.FromMilliseconds(100);

    private readonly LabPoolPoint?[] _ring;
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _stop = new();
    private readonly TaskCompletionSource _firstPoint = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _added;
    private int _highestThreads;
    private long _highestQueued;
    private readonly Action? _onPoint;
    private Thread? _reader;

    public PoolHistory(int capacity = LabLimits.PoolHistoryPoints, Action? onPoint = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new LabPoolPoint?[capacity];
        _onPoint = onPoint;
    }

    /// <summary>Completes when the first point is in: a silo's history is empty only for its first half second.</summary>
    public Task FirstPoint => _firstPoint.Task;

    /// <summary>The points kept, oldest first.</summary>
    public IReadOnlyList<LabPoolPoint> Points
    {
        get
        {
            lock (_gate)
            {
                var kept = (int)Math.Min(_added, _ring.Length);
                var first = _added - kept;
                return [.. Enumerable.Range(0, kept).Select(i => _ring[(first + i) % _ring.Length]!)];
            }
        }
    }

    /// <summary>The highest pool threads and queued items read since the last take (zeros if the reader is not running).</summary>
    public (int Threads, long Queued) TakeHighest() =>
        (Interlocked.Exchange(ref _highestThreads, 0), Interlocked.Exchange(ref _highestQueued, 0));

    /// <summary>Adds a point, dropping the oldest once the ring is full.</summary>
    public void Add(LabPoolPoint point)
    {
        lock (_gate)
        {
            _ring[_added % _ring.Length] = point;
            _added++;
        }

        _firstPoint.TrySetResult();
    }

    /// <summary>Starts reading the pool on its own thread; at most once.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_reader is not null)
            {
                return;
            }

            _reader = new Thread(Read) { IsBackground = true, Name = "lab pool history" };
            _reader.Start();
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _reader?.Join();
        _stop.Dispose();
    }

    private static void Raise(ref int field, int value)
    {
        for (var seen = Volatile.Read(ref field); value > seen; seen = Volatile.Read(ref field))
        {
            if (Interlocked.CompareExchange(ref field, value, seen) == seen)
            {
                return;
            }
        }
    }

    private static void Raise(ref long field, long value)
    {
        for (var seen = Interlocked.Read(ref field); value > seen; seen = Interlocked.Read(ref field))
        {
            if (Interlocked.CompareExchange(ref field, value, seen) == seen)
            {
                return;
            }
        }
    }

    private void Read()
    {
        var perPoint = (int)(LabLimits.PoolPointEvery / ReadEvery);
        var (lastCpu, lastAt) = (Environment.CpuUsage.TotalTime, TimeProvider.System.GetTimestamp());
        _onPoint?.Invoke();
        while (true)
        {
            var (threads, queued) = (0, 0L);
            for (var i = 0; i < perPoint; i++)
            {
                if (_stop.Wait(ReadEvery))
                {
                    return;
                }

                var (nowThreads, nowQueued) = (ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount);
                (threads, queued) = (Math.Max(threads, nowThreads), Math.Max(queued, nowQueued));
                Raise(ref _highestThreads, nowThreads);
                Raise(ref _highestQueued, nowQueued);
            }

            var (cpu, at) = (Environment.CpuUsage.TotalTime, TimeProvider.System.GetTimestamp());
            var wall = TimeProvider.System.GetElapsedTime(lastAt, at);
            Add(new LabPoolPoint(TraceClock.NowMicroseconds(), threads, queued, wall > TimeSpan.Zero ? Math.Round((cpu - lastCpu) / wall, 3) : 0));
            (lastCpu, lastAt) = (cpu, at);
            _onPoint?.Invoke();
        }
    }
}
