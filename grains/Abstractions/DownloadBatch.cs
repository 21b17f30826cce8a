namespace Concurrency.Abstractions;

/// <summary>
/// Many downloads for one downloader to run at once. The batch carries a recipe, not a list:
/// download <c>i</c> fetches site <c>{SitePrefix}{FirstIndex + i}</c>, so a million downloads cost
/// a few dozen small messages instead of a million requests on the wire. <see cref="Http"/> says whether the
/// downloads go over real sockets (and how) or only wait on the simulated network.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.download-batch")]
public sealed record DownloadBatch(string SitePrefix, long FirstIndex, int Count, TimeSpan Latency, int Bytes, HttpFetch? Http = null)
{
    public DownloadRequest RequestAt(int offset) => new($"{SitePrefix}{FirstIndex + offset}", Latency, Bytes, Http);
}
