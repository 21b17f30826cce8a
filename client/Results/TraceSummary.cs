namespace Concurrency.Client.Results;

/// <summary>
/// What a traced run kept, in the run's JSON: the grain calls recorded, kept (each silo's newest, at most
/// <see cref="EventLimit"/> a silo) and dropped (the oldest), the seconds of the run the kept calls cover, and a note
/// saying so when calls were dropped.
/// </summary>
public sealed record TraceSummary(string? File, int Silos, long RecordedCalls, long DroppedEvents, int EventLimit, string? Note)
{
    public long KeptCalls => RecordedCalls - DroppedEvents;

    /// <summary>From the earliest kept call's start to the latest one's end; null when no call was kept.</summary>
    public double? KeptSeconds { get; init; }
}
