namespace Concurrency.Abstractions;

/// <summary>
/// The account of many downloads: every download is counted as succeeded or failed, so the totals always add up
/// to what was requested. Failure reasons are grouped with a count each, never dropped.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.download-summary")]
public sealed record DownloadSummary(
    int Requested,
    int Succeeded,
    int Failed,
    long Bytes,
    long Attempts,
    TimeSpan FastestDownload,
    TimeSpan SlowestDownload,
    Dictionary<string, int> FailureReasons)
{
    public static DownloadSummary Empty { get; } = new(0, 0, 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero, []);

    /// <summary>Retries made beyond each download's first attempt.</summary>
    public long Retries => Attempts - Requested;

    public DownloadSummary Add(DownloadSummary other)
    {
        if (Requested == 0)
        {
            return other;
        }

        if (other.Requested == 0)
        {
            return this;
        }

        var reasons = new Dictionary<string, int>(FailureReasons);
        foreach (var (reason, count) in other.FailureReasons)
        {
            reasons[reason] = reasons.GetValueOrDefault(reason) + count;
        }

        return new(
            Requested + other.Requested,
            Succeeded + other.Succeeded,
            Failed + other.Failed,
            Bytes + other.Bytes,
            Attempts + other.Attempts,
            FastestDownload < other.FastestDownload ? FastestDownload : other.FastestDownload,
            SlowestDownload > other.SlowestDownload ? SlowestDownload : other.SlowestDownload,
            reasons);
    }
}
