namespace Concurrency.Abstractions.Tracing;

/// <summary>
/// One grain call as a silo saw it. The call runs from <see cref="StartMicroseconds"/> to <see cref="EndMicroseconds"/>;
/// its first turn, the part the grain ran on a thread before its first real await, ends at
/// <see cref="FirstTurnEndMicroseconds"/>. The rest is time the call spent awaiting, holding no thread (or, on a
/// non-reentrant grain that blocks, holding one: then the first turn covers it all).
/// <see cref="Lane"/> is 0 unless calls overlapped on one reentrant activation: each overlapping call gets the lowest
/// free lane, so a trace viewer draws them side by side instead of as broken nesting.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GrainCallRecord(
    [property: Id(0)] string GrainType,
    [property: Id(1)] string GrainKey,
    [property: Id(2)] string Activation,
    [property: Id(3)] string Method,
    [property: Id(4)] int Lane,
    [property: Id(5)] long StartMicroseconds,
    [property: Id(6)] long FirstTurnEndMicroseconds,
    [property: Id(7)] long EndMicroseconds,
    [property: Id(8)] int StartThread,
    [property: Id(9)] int EndThread,
    [property: Id(10)] bool Faulted);
