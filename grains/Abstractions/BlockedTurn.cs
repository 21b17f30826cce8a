namespace Concurrency.Abstractions;

/// <summary>
/// What one blocking fetch cost its silo: how long the turn held its thread, and how many threads the silo's
/// thread pool had when the turn finally got one.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.blocked-turn")]
public sealed record BlockedTurn(TimeSpan Length, int PoolThreadsAtStart);
