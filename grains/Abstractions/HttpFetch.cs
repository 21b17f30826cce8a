namespace Concurrency.Abstractions;

/// <summary>
/// How a download goes over real sockets: where the sites are, how long one try may take, how many times to retry,
/// and how badly the simulated sites should behave. One instance is shared by every download of a batch.
/// </summary>
/// <param name="SitesBase">
/// The base address of a sites endpoint (e.g. <c>http://127.0.0.1:8080/</c>): the download fetches
/// <c>sites/{site}</c> there. Null when the site is itself the URL to fetch (the user's own URL lists).
/// </param>
/// <param name="Timeout">How long one try may take, headers and body, before it is abandoned.</param>
/// <param name="Retries">How many tries may follow a failed first one.</param>
/// <param name="FailRate">Share of answers the simulated site fails: a 500, a 503 or a reset connection.</param>
/// <param name="HangRate">Share of answers the simulated site never gives, so the try times out.</param>
/// <param name="SlowRate">Share of answers the simulated site trickles out slowly.</param>
/// <param name="Seed">Chooses which answers misbehave, so a run can be repeated exactly.</param>
[GenerateSerializer, Immutable, Alias("concurrency.http-fetch")]
public sealed record HttpFetch(
    Uri? SitesBase,
    TimeSpan Timeout,
    int Retries,
    double FailRate = 0,
    double HangRate = 0,
    double SlowRate = 0,
    int Seed = 0)
{
    public const int MaxRetries = 10;

    /// <summary>The address one download fetches.</summary>
    public Uri UrlFor(string site, TimeSpan latency, int bytes) =>
        SitesBase is null ? new Uri(site, UriKind.Absolute) : SiteQuery.Url(SitesBase, site, latency, bytes, this);
}
