using Concurrency.Abstractions.Tracing;

namespace Concurrency.Grains.Tracing;

/// <summary>
/// One trace's calls on one silo, in a bounded ring: it keeps the newest <see cref="Limit"/> calls and drops the
/// oldest first, counting what it dropped. A traced run of millions of calls then costs a fixed amount of memory, its
/// trace stays small enough for a viewer to load, and what it keeps is the end of the run, where a long run's
/// question usually is. The count and the ring change under one lock, so whatever the threads that add at once,
/// kept plus dropped is exactly the calls added and the kept ones are exactly the newest.
/// </summary>
public sealed class TraceLog(int limit)
{
    private readonly Lock _gate = new();

    // Grows to at most Limit entries (a ring needs no more), so a short trace costs no more than its calls.
    private readonly Queue<GrainCallRecord> _calls = new();
    private long _dropped;

    public int Limit { get; } = limit;

    public long Created { get; } = Environment.TickCount64;

    public void Add(GrainCallRecord call)
    {
        lock (_gate)
        {
            if (_calls.Count >= Limit)
            {
                _dropped++;
                if (Limit == 0)
                {
                    return;
                }

                _calls.Dequeue();
            }

            _calls.Enqueue(call);
        }
    }

    /// <summary>What the ring holds now, oldest first, and how many older calls it dropped.</summary>
    public SiloTrace ToSiloTrace(string silo)
    {
        lock (_gate)
        {
            return new SiloTrace(silo, _calls.ToArray(), _dropped, Limit);
        }
    }
}
