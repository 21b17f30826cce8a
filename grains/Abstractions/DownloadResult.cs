namespace Concurrency.Abstractions;

/// <summary>
/// What one download did: how long it took, what it brought back, or why it failed. <see cref="StatusCode"/> is the
/// last HTTP answer's status, 0 where no HTTP answer came (a simulated download, a reset, a timeout).
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.download-result")]
public readonly record struct DownloadResult(string Site, bool Succeeded, long Bytes, int Attempts, TimeSpan Elapsed, string? Error, int StatusCode = 0);
