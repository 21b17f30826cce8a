namespace Concurrency.Abstractions;

/// <summary>
/// One download: a site, how long the network makes us wait, and how many bytes come back. With <see cref="Http"/>
/// it goes over real sockets; without it, it only waits on the simulated network.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.download-request")]
public readonly record struct DownloadRequest(string Site, TimeSpan Latency, int Bytes, HttpFetch? Http = null);
