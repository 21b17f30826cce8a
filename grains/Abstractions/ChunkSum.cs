namespace Concurrency.Abstractions;

/// <summary>A chunk's Leibniz partial sum and the silo (its address) whose pool computed it.</summary>
[GenerateSerializer, Immutable, Alias("concurrency.chunk-sum")]
public sealed record ChunkSum(double Sum, string Silo);
