namespace Concurrency.Abstractions.Tracing;

/// <summary>
/// One grain call as a silo saw it. The call runs from <see cref="StartMicroseconds"/> to <see cref="EndMicroseconds"/>;
/// <see cref="Turns"/> are the stretches in which it held a thread, every one of them, in the order they began
/// (at most <c>CallTurns.MaxTurns</c>: past it, only <see cref="OmittedTurns"/> and their
/// <see cref="OmittedTurnMicroseconds"/> are kept). Between its turns the call was awaiting, holding no thread; a
/// crunch is one turn as long as the call, a download a short turn and a long wait, a blocking sleep one long turn.
/// <see cref="Lane"/> is 0 unless calls overlapped on one reentrant activation: each overlapping call gets the lowest
/// free lane, so a trace viewer draws them side by side instead of as broken nesting. <see cref="Role"/> is what the
/// grain is for in the lab ("event loop (reentrant)"), which names its lanes.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.grain-call-record")]
public sealed record GrainCallRecord(
    [property: Id(0)] string GrainType,
    [property: Id(1)] string GrainKey,
    [property: Id(2)] string Activation,
    [property: Id(3)] string Method,
    [property: Id(4)] int Lane,
    [property: Id(5)] long StartMicroseconds,
    [property: Id(7)] long EndMicroseconds,
    [property: Id(10)] bool Faulted,
    [property: Id(11)] IReadOnlyList<CallTurn> Turns,
    [property: Id(12)] int OmittedTurns = 0,
    [property: Id(13)] long OmittedTurnMicroseconds = 0,
    [property: Id(14)] string Role = "")
{
    public long DurationMicroseconds => Math.Max(0, EndMicroseconds - StartMicroseconds);

    /// <summary>The stretches in which the call held at least one thread, overlapping turns merged.</summary>
    public IReadOnlyList<BusySpan> Busy() => BusySpan.Of(Turns, StartMicroseconds, EndMicroseconds);

    /// <summary>How much of the call held a thread: merged turns, plus the omitted ones' time, over the call's length.</summary>
    public double TurnShare() =>
        DurationMicroseconds == 0 ? 1 : Math.Min(1, (Busy().Sum(s => s.Microseconds) + OmittedTurnMicroseconds) / (double)DurationMicroseconds);

    /// <summary>
    /// The call from start to end as consecutive stretches, each in one <see cref="CallState"/>. At each moment the
    /// call is in a turn if any of its stretches runs on the activation, else in pool work if one runs on the pool,
    /// else in a gap. A gap is awaiting until the moment the stretch that ends it became ready, and queued after;
    /// where that moment is not known, the whole gap is awaiting.
    /// </summary>
    public IReadOnlyList<CallSegment> Segments()
    {
        if (EndMicroseconds <= StartMicroseconds)
        {
            return [];
        }

        var edges = new List<(long At, int Activation, int Pool)>();
        foreach (var turn in Turns)
        {
            var (from, to) = (Math.Clamp(turn.StartMicroseconds, StartMicroseconds, EndMicroseconds), Math.Clamp(turn.EndMicroseconds, StartMicroseconds, EndMicroseconds));
            if (to > from)
            {
                edges.Add((from, turn.HoldsActivation ? 1 : 0, turn.HoldsActivation ? 0 : 1));
                edges.Add((to, turn.HoldsActivation ? -1 : 0, turn.HoldsActivation ? 0 : -1));
            }
        }

        edges.Sort((x, y) => x.At.CompareTo(y.At));
        var segments = new List<CallSegment>();
        var (at, activation, pool, i) = (StartMicroseconds, 0, 0, 0);
        while (at < EndMicroseconds)
        {
            for (; i < edges.Count && edges[i].At <= at; i++)
            {
                (activation, pool) = (activation + edges[i].Activation, pool + edges[i].Pool);
            }

            var next = i < edges.Count ? edges[i].At : EndMicroseconds;
            if (activation > 0 || pool > 0)
            {
                Add(segments, at, next, activation > 0 ? CallState.Turn : CallState.PoolWork);
            }
            else
            {
                // The stretches that end the gap: the one on the activation that knows when it became ready.
                var ready = Turns.Where(t => t.HoldsActivation && t.StartMicroseconds == next && t.ReadyMicroseconds > 0)
                    .Select(t => Math.Clamp(t.ReadyMicroseconds, at, next)).DefaultIfEmpty(next).Min();
                Add(segments, at, ready, CallState.Awaiting);
                Add(segments, ready, next, CallState.Queued);
            }

            at = next;
        }

        return segments;
    }

    private static void Add(List<CallSegment> segments, long from, long to, CallState state)
    {
        if (to <= from)
        {
            return;
        }

        if (segments.Count > 0 && segments[^1] is { State: var last, EndMicroseconds: var end } && last == state && end == from)
        {
            segments[^1] = segments[^1] with { EndMicroseconds = to };
            return;
        }

        segments.Add(new CallSegment(from, to, state));
    }

    /// <summary>
    /// How much of the time the call could run it held the activation: turns over the call's length less its time
    /// queued. A crunch, which never awaits, is all turn by this measure however long it queued for a thread.
    /// </summary>
    public double TurnShareWhenReady()
    {
        var segments = Segments();
        var ready = segments.Where(s => s.State != CallState.Queued).Sum(s => s.Microseconds);
        return ready == 0 ? 1 : segments.Where(s => s.State == CallState.Turn).Sum(s => s.Microseconds) / (double)ready;
    }
}
