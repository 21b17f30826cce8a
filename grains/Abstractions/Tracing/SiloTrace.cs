namespace Concurrency.Abstractions.Tracing;

/// <summary>
/// What one silo kept for a trace: its newest calls, oldest first, at most <see cref="Limit"/> of them, and how many
/// older ones its ring dropped to make room (<see cref="Dropped"/>). It recorded <see cref="Recorded"/> in all.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SiloTrace(
    [property: Id(0)] string Silo,
    [property: Id(1)] IReadOnlyList<GrainCallRecord> Calls,
    [property: Id(2)] long Dropped,
    [property: Id(3)] int Limit)
{
    public long Recorded => Calls.Count + Dropped;
}
