namespace Concurrency.Abstractions;

/// <summary>
/// One request of the coloring experiment: the coloring grain calls backend <paramref name="BackendKey"/>, which waits
/// <paramref name="Latency"/> of simulated I/O and calls back into the coloring grain before it answers. A caller that
/// blocks on that chain gives up after <paramref name="DeadlockTimeout"/>, so a deadlock frees its thread again.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.coloring-call")]
public sealed record ColoringCall(long BackendKey, TimeSpan Latency, TimeSpan DeadlockTimeout);

/// <summary>How one coloring request ended: whether its blocking wait gave up (a deadlock), and how long the request took in the grain.</summary>
[GenerateSerializer, Immutable, Alias("concurrency.coloring-answer")]
public sealed record ColoringAnswer(bool Deadlocked, TimeSpan Took);
