namespace Concurrency.Grains;

/// <summary>
/// Where this silo's HTTP endpoints (the dashboard, the simulated internet) listen, once the host knows: a silo's
/// port may be picked by the OS at start-up, so the host fills this in after it starts listening.
/// </summary>
public sealed class SiloHttpEndpoint
{
    public Uri? Base { get; set; }
}
