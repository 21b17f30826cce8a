namespace Concurrency.Abstractions;

/// <summary>One download: a site, how long the network makes us wait, and how many bytes come back.</summary>
[GenerateSerializer, Immutable, Alias("concurrency.download-request")]
public readonly record struct DownloadRequest(string Site, TimeSpan Latency, int Bytes);
