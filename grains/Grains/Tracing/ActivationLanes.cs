namespace Concurrency.Grains.Tracing;

/// <summary>
/// The lanes of one activation in the trace. A non-reentrant activation runs one call at a time, so every call takes
/// lane 0. A reentrant one interleaves calls at their awaits; each call in flight holds the lowest free lane, so
/// overlapping calls sit on separate tracks and each track's slices nest properly.
/// </summary>
public sealed class ActivationLanes
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<int, int> _free = new();
    private int _next;

    public int Take()
    {
        lock (_gate)
        {
            return _free.TryDequeue(out var lane, out _) ? lane : _next++;
        }
    }

    public void Release(int lane)
    {
        lock (_gate)
        {
            _free.Enqueue(lane, lane);
        }
    }
}
