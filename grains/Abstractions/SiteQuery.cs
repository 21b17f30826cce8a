using System.Globalization;

namespace Concurrency.Abstractions;

/// <summary>
/// The sites endpoint's address scheme, shared by the server that answers it and the downloaders that call it:
/// <c>GET /sites/{name}?latency=500ms&amp;bytes=65536&amp;fail=0.1&amp;hang=0.05&amp;slow=0&amp;seed=1</c>.
/// </summary>
public static class SiteQuery
{
    public const string Path = "sites";
    public const string Latency = "latency";
    public const string Bytes = "bytes";
    public const string Fail = "fail";
    public const string Hang = "hang";
    public const string Slow = "slow";
    public const string Trickle = "trickle";
    public const string Seed = "seed";

    /// <summary>The try this request is, counted by the downloader: with the seed and the site it decides the answer.</summary>
    public const string AttemptHeader = "X-Lab-Attempt";

    /// <summary>The largest body a site serves.</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    /// <summary>The longest latency a site waits before answering.</summary>
    public static readonly TimeSpan MaxLatency = TimeSpan.FromMinutes(10);

    public static Uri Url(Uri sitesBase, string site, TimeSpan latency, int bytes, HttpFetch fetch)
    {
        var query = string.Create(CultureInfo.InvariantCulture,
            $"{Path}/{Uri.EscapeDataString(site)}?{Latency}={latency.TotalMilliseconds}ms&{Bytes}={bytes}");
        if (fetch.FailRate > 0 || fetch.HangRate > 0 || fetch.SlowRate > 0)
        {
            query += string.Create(CultureInfo.InvariantCulture,
                $"&{Fail}={fetch.FailRate}&{Hang}={fetch.HangRate}&{Slow}={fetch.SlowRate}&{Seed}={fetch.Seed}");
        }

        return new Uri(sitesBase, query);
    }
}
