namespace Concurrency.Abstractions;

/// <summary>
/// What a silo says about itself: its address, how many cores its process may use, and the base address of its HTTP
/// endpoints (the dashboard and the simulated internet), null where the silo serves none.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.silo-info")]
public sealed record SiloInfo(string Address, int ProcessorCount, string MachineName, Uri? HttpBase = null);
