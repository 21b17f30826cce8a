using System.Collections.Concurrent;
using Concurrency.Abstractions.Tracing;

namespace Concurrency.Grains.Tracing;

/// <summary>
/// One trace's calls on one silo. Bounded: past <see cref="Limit"/> calls it keeps only a count, so a traced run of
/// millions of calls costs a fixed amount of memory and the client can say how much was left out.
/// </summary>
public sealed class TraceLog(int limit)
{
    private readonly ConcurrentQueue<GrainCallRecord> _calls = new();
    private int _count;
    private long _dropped;

    public int Limit { get; } = limit;

    public long Created { get; } = Environment.TickCount64;

    public void Add(GrainCallRecord call)
    {
        if (Interlocked.Increment(ref _count) > Limit)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        _calls.Enqueue(call);
    }

    public SiloTrace ToSiloTrace(string silo) => new(silo, _calls.ToArray(), Interlocked.Read(ref _dropped), Limit);
}
