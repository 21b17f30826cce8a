namespace Concurrency.Abstractions.Tracing;

/// <summary>
/// A stretch in which a call held at least one thread: its turns merged where they overlap (a call running on
/// several threads at once, as a <c>Parallel.For</c> inside it does, is busy once, not once per thread).
/// <see cref="HoldsActivation"/> when any merged turn ran on the activation's scheduler; <see cref="Threads"/> counts
/// the distinct threads that ran in it. <see cref="ReadyMicroseconds"/> is its first turn's (0 when not known).
/// </summary>
public readonly record struct BusySpan(long StartMicroseconds, long EndMicroseconds, bool HoldsActivation, int Threads, long ReadyMicroseconds = 0)
{
    public long Microseconds => EndMicroseconds - StartMicroseconds;

    /// <summary>The union of <paramref name="turns"/>, clipped to [<paramref name="from"/>, <paramref name="to"/>], in time order.</summary>
    public static IReadOnlyList<BusySpan> Of(IReadOnlyList<CallTurn> turns, long from, long to)
    {
        if (to <= from)
        {
            return [];
        }

        var spans = new List<BusySpan>();
        var threads = new HashSet<int>();
        long start = 0, end = 0, ready = 0;
        var activation = false;
        foreach (var turn in turns.OrderBy(t => t.StartMicroseconds))
        {
            var s = Math.Clamp(turn.StartMicroseconds, from, to);
            var e = Math.Clamp(turn.EndMicroseconds, from, to);
            if (threads.Count > 0 && s <= end)
            {
                end = Math.Max(end, e);
                activation |= turn.HoldsActivation;
                threads.Add(turn.Thread);
                continue;
            }

            if (threads.Count > 0)
            {
                spans.Add(new BusySpan(start, end, activation, threads.Count, ready));
                threads.Clear();
            }

            (start, end, activation, ready) = (s, e, turn.HoldsActivation, turn.ReadyMicroseconds);
            threads.Add(turn.Thread);
        }

        if (threads.Count > 0)
        {
            spans.Add(new BusySpan(start, end, activation, threads.Count, ready));
        }

        return spans;
    }
}
