namespace Concurrency.Abstractions.Tracing;

/// <summary>
/// One grain call as a silo saw it. The call runs from <see cref="StartMicroseconds"/> to <see cref="EndMicroseconds"/>;
/// <see cref="Turns"/> are the stretches in which it held a thread, every one of them, in the order they began
/// (at most <c>CallTurns.MaxTurns</c>: past it, only <see cref="OmittedTurns"/> and their
/// <see cref="OmittedTurnMicroseconds"/> are kept). Between its turns the call was awaiting, holding no thread; a
/// crunch is one turn as long as the call, a download a short turn and a long wait, a blocking sleep one long turn.
/// <see cref="Lane"/> is 0 unless calls overlapped on one reentrant activation: each overlapping call gets the lowest
/// free lane, so a trace viewer draws them side by side instead of as broken nesting.
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
    [property: Id(13)] long OmittedTurnMicroseconds = 0)
{
    public long DurationMicroseconds => Math.Max(0, EndMicroseconds - StartMicroseconds);

    /// <summary>The stretches in which the call held at least one thread, overlapping turns merged.</summary>
    public IReadOnlyList<BusySpan> Busy() => BusySpan.Of(Turns, StartMicroseconds, EndMicroseconds);

    /// <summary>How much of the call held a thread: merged turns, plus the omitted ones' time, over the call's length.</summary>
    public double TurnShare() =>
        DurationMicroseconds == 0 ? 1 : Math.Min(1, (Busy().Sum(s => s.Microseconds) + OmittedTurnMicroseconds) / (double)DurationMicroseconds);
}
