namespace Concurrency.Grains;

/// <summary>
/// Where this silo's HTTP endpoints (the dashboard, the simulated internet) listen, once the host knows: a silo's
/// port may be picked by the OS at start-up, so the host fills this in after it starts listening.
/// </summary>
public sealed class SiloHttpEndpoint
{
    public Uri? Base { get; set; }

    /// <summary>
    /// The login the lab's HTTP routes require (a silo beyond loopback), or null. This silo's downloaders send it to
    /// the lab's simulated sites, and only there: never to the URLs of a user's own list.
    /// </summary>
    public System.Net.Http.Headers.AuthenticationHeaderValue? Authorization { get; set; }
}
