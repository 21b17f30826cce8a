namespace Concurrency.Abstractions;

/// <summary>What one download did: how long it took, what it brought back, or why it failed.</summary>
[GenerateSerializer, Immutable, Alias("concurrency.download-result")]
public readonly record struct DownloadResult(string Site, bool Succeeded, long Bytes, int Attempts, TimeSpan Elapsed, string? Error);
