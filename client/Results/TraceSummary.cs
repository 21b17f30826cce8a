namespace Concurrency.Client.Results;

/// <summary>
/// What a traced run recorded, in the run's JSON: how many grain calls, how many the event limit left out, and a note
/// saying so when it did.
/// </summary>
public sealed record TraceSummary(string? File, int Silos, long RecordedCalls, long DroppedEvents, int EventLimit, string? Note);
