namespace Concurrency.Abstractions.Lab;

/// <summary>
/// One point of a silo's thread-pool history: at <see cref="AtMicroseconds"/> (the trace clock), the most pool threads
/// and queued work items seen in the half second before it, and the cores the silo kept busy over it.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.lab-pool-point")]
public sealed record LabPoolPoint(
    [property: Id(0)] long AtMicroseconds,
    [property: Id(1)] int Threads,
    [property: Id(2)] long QueuedWorkItems,
    [property: Id(3)] double CoresBusy);
