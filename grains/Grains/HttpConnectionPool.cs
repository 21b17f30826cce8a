using System.Net;

namespace Concurrency.Grains;

/// <summary>
/// The sockets under the downloaders. HTTP/1.1 carries one request at a time per connection, so a thousand concurrent
/// downloads from one server need a thousand connections: the pool allows that many and keeps them open between runs,
/// instead of paying a TCP handshake (and leaving a socket in TIME_WAIT, holding an ephemeral port) per download.
/// Past <see cref="MaxConnectionsPerServer"/> requests queue for a free connection, and that queueing counts against
/// their per-try timeout.
/// </summary>
public static class HttpConnectionPool
{
    /// <summary>
    /// Connections to one host and port. Each is a file descriptor here (and one more in the server: two in one process
    /// when the silo is embedded) and a local ephemeral port, of which Linux has about 28,000 per destination.
    /// </summary>
    public const int MaxConnectionsPerServer = 4096;

    public static SocketsHttpHandler CreateHandler() => new()
    {
        MaxConnectionsPerServer = MaxConnectionsPerServer,

        // Long-lived connections are the point of a pool; the lifetime still lets DNS changes take effect eventually.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 5,
    };
}
