namespace Concurrency.Abstractions;

/// <summary>
/// A named work function over the items <c>First .. First + Count - 1</c>. Functions cannot travel over the wire, so
/// a batch names one that both sides know (<see cref="WorkFunctions"/>), and it describes its items as a range rather
/// than listing them: ten million items cost a handful of small messages.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.work-batch")]
public sealed record WorkBatch(string Function, long First, int Count);
