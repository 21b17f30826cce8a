namespace Concurrency.Abstractions.Tracing;

/// <summary>What one silo recorded for a trace: its calls, and how many more it only counted once its limit was reached.</summary>
[GenerateSerializer, Immutable]
public sealed record SiloTrace(
    [property: Id(0)] string Silo,
    [property: Id(1)] IReadOnlyList<GrainCallRecord> Calls,
    [property: Id(2)] long Dropped,
    [property: Id(3)] int Limit);
