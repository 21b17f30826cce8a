namespace Concurrency.Abstractions;

/// <summary>What a silo says about itself: its address and how many cores its process may use.</summary>
[GenerateSerializer, Immutable, Alias("concurrency.silo-info")]
public sealed record SiloInfo(string Address, int ProcessorCount, string MachineName);
