using Concurrency.Abstractions.Tracing;

namespace Concurrency.Grains.Lab;

/// <summary>
/// The calls a silo recorded lately, kept for a lab page that opens later: a ring of the newest
/// <see cref="Capacity"/> ended calls, in the order they ended. Reading takes those that ended since a moment, so
/// the window a page draws (the last 15 s) and the ring's size bound it both ways.
/// </summary>
public sealed class RecentCalls(int capacity)
{
    private readonly GrainCallRecord?[] _ring = new GrainCallRecord?[capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity))];
    private readonly Lock _gate = new();
    private long _added;

    public int Capacity => _ring.Length;

    public void Add(GrainCallRecord call)
    {
        lock (_gate)
        {
            _ring[_added % _ring.Length] = call;
            _added++;
        }
    }

    /// <summary>The newest calls, at most <paramref name="max"/>, that ended at or after <paramref name="fromMicroseconds"/>; oldest first.</summary>
    public IReadOnlyList<GrainCallRecord> EndedSince(long fromMicroseconds, int max)
    {
        var taken = new List<GrainCallRecord>();
        lock (_gate)
        {
            var kept = Math.Min(_added, _ring.Length);
            for (var i = 1; i <= kept && taken.Count < max; i++)
            {
                var call = _ring[(_added - i) % _ring.Length]!;
                if (call.EndMicroseconds < fromMicroseconds)
                {
                    break;
                }

                taken.Add(call);
            }
        }

        taken.Reverse();
        return taken;
    }
}
