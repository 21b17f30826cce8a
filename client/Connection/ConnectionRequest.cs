using System.Net;
using Concurrency.Hosting;

namespace Concurrency.Client.Connection;

/// <summary>
/// Where the client should find a cluster. An explicit <c>--gateway</c> or <c>--redis</c> must answer; the default
/// gateway may not, and then the client runs an embedded silo in its own process.
/// </summary>
public sealed record ConnectionRequest(IPEndPoint Gateway, bool GatewayGiven, bool ForceEmbedded, bool Verbose)
{
    public static IPEndPoint DefaultGateway { get; } = new(IPAddress.Loopback, LabSiloOptions.DefaultGatewayPort);

    /// <summary>How long the default gateway has to accept a TCP connection before the client embeds a silo.</summary>
    public static TimeSpan ProbeTimeout { get; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A gateway the user named gets longer to accept: a busy silo (twenty clients starting at once on two cores) can
    /// take more than half a second, and there is no fallback to decide quickly. A refused connection still fails at once.
    /// </summary>
    public static TimeSpan ExplicitProbeTimeout { get; } = TimeSpan.FromSeconds(5);

    public TimeSpan GatewayProbeTimeout => GatewayGiven ? ExplicitProbeTimeout : ProbeTimeout;

    /// <summary>How long joining a cluster that answered may take, unless <c>--connect-timeout</c> says otherwise.</summary>
    public static TimeSpan DefaultConnectTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>How long joining a cluster that answered may take: the client's whole start, through to the gateway's handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = DefaultConnectTimeout;

    /// <summary>
    /// Run the embedded silo with its dashboard and lab page (on port <see cref="LabSiloOptions.DefaultHttpPort"/>
    /// when free), and keep serving them after the run until Enter or Ctrl+C.
    /// </summary>
    public bool Dashboard { get; init; }

    /// <summary>A plain client still joining after this long asks the gateway whether it speaks TLS (see <see cref="TlsProbe"/>).</summary>
    public static TimeSpan TlsProbeAfter { get; } = TimeSpan.FromSeconds(1);

    /// <summary>How long that TLS handshake may take: a plain gateway may wait in silence for more bytes.</summary>
    public static TimeSpan TlsProbeTimeout { get; } = TimeSpan.FromSeconds(2);

    /// <summary>With Redis membership, the client finds every gateway in the membership table instead.</summary>
    public IPEndPoint? Redis { get; init; }

    /// <summary>The cluster's certificate, with <c>--tls</c>: the connection to the gateway is TLS, pinned to it.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TlsCertificate { get; init; }
    /// <summary>Whether an embedded silo serves /metrics (see <see cref="LabSiloOptions.Metrics"/>).</summary>
    public bool Metrics { get; init; } = true;

    /// <summary>Whether an embedded silo keeps the lab page's live feed (see <see cref="LabSiloOptions.LiveFeed"/>).</summary>
    public bool LiveFeed { get; init; } = true;

    /// <summary>The OTLP collector an embedded silo sends to, if any (see <see cref="LabSiloOptions.Otlp"/>).</summary>
    public Uri? Otlp { get; init; }
}
