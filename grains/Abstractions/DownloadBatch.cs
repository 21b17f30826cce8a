namespace Concurrency.Abstractions;

/// <summary>
/// Many downloads for one downloader to run at once. The batch carries a recipe, not a list:
/// download <c>i</c> fetches site <c>{SitePrefix}{FirstIndex + i}</c>, so a million downloads cost
/// a few dozen small messages instead of a million requests on the wire.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.download-batch")]
public sealed record DownloadBatch(string SitePrefix, long FirstIndex, int Count, TimeSpan Latency, int Bytes)
{
    public DownloadRequest RequestAt(int offset) => new($"{SitePrefix}{FirstIndex + offset}", Latency, Bytes);
}
