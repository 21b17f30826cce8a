namespace Concurrency.Abstractions;

/// <summary>A batch's digest and the silo (its address) whose pool mapped it.</summary>
[GenerateSerializer, Immutable, Alias("concurrency.batch-digest")]
public sealed record BatchDigest(WorkDigest Digest, string Silo);
