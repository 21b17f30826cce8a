using System.Net;

namespace Concurrency.Hosting;

/// <summary>How to run one lab silo. The defaults are a single silo on loopback, as a developer runs it.</summary>
public sealed record LabSiloOptions
{
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;
    public const int DefaultHttpPort = 8080;
    public const string DashboardPath = "/dashboard";

    /// <summary>Connections the HTTP listener's accept queue holds (the kernel caps it at net.core.somaxconn).</summary>
    public const int HttpBacklog = 4096;

    /// <summary>The address every endpoint listens on. Loopback unless the user asks otherwise.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The address advertised to other silos and clients; null derives it from <see cref="Address"/>.</summary>
    public IPAddress? Advertise { get; init; }

    /// <summary>The login the dashboard requires; needed when the dashboard listens beyond loopback.</summary>
    public Security.DashboardLogin? DashboardLogin { get; init; }

    /// <summary>Serve every HTTP route beyond loopback without a login (<see cref="Security.HttpGuard.OpenFlag"/>): anyone may use /sites.</summary>
    public bool InsecureOpenHttp { get; init; }

    /// <summary>The cluster's certificate: with one, silo-to-silo and gateway traffic is TLS (<see cref="Security.LabTls"/>).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TlsCertificate { get; init; }

    /// <summary>Silo-to-silo port. 0 picks a free one.</summary>
    public int SiloPort { get; init; } = DefaultSiloPort;

    /// <summary>The port clients connect to. 0 picks a free one.</summary>
    public int GatewayPort { get; init; } = DefaultGatewayPort;

    /// <summary>The HTTP port that serves the dashboard and the lab's endpoints. 0 picks a free one.</summary>
    public int HttpPort { get; init; } = DefaultHttpPort;

    /// <summary>Serve the Orleans dashboard. Its per-call profiling costs a little on every grain call.</summary>
    public bool Dashboard { get; init; } = true;

    /// <summary>
    /// Keep the lab page's live feed: /lab beside the dashboard, and calls recorded for it while a page watches. Off
    /// (<c>--no-lab</c>), no /lab route, and the grain call path reads no watch lease (see <see cref="Grains.Lab.LabLiveOptions"/>).
    /// </summary>
    public bool LiveFeed { get; init; } = true;

    /// <summary>Serve /metrics in Prometheus' text format: Orleans', the runtime's and the lab's meters.</summary>
    public bool Metrics { get; init; } = true;

    /// <summary>With <see cref="Metrics"/>, which of its parts run: both, but for a benchmark that measures one alone.</summary>
    public MetricsParts MetricsParts { get; init; } = MetricsParts.Both;

    /// <summary>An OTLP/HTTP collector to send metrics and traces to (its base address); null sends nothing.</summary>
    public Uri? Otlp { get; init; }

    /// <summary>How silos find each other: development clustering (a primary silo) or a Redis membership table.</summary>
    public ClusteringMode Clustering { get; init; } = ClusteringMode.Development;

    /// <summary>The silo that seeds development clustering; null makes this silo the primary.</summary>
    public IPEndPoint? Primary { get; init; }

    /// <summary>The Redis server that holds the membership table, with <see cref="ClusteringMode.Redis"/>.</summary>
    public IPEndPoint? Redis { get; init; }

    /// <summary>Log nothing: a silo an experiment starts and stops for a measurement has nothing to tell the user.</summary>
    public bool Quiet { get; init; }

    /// <summary>Let Orleans and ASP.NET Core log at information level.</summary>
    public bool Verbose { get; init; }

    /// <summary>
    /// Print the framework's warnings (Orleans', ASP.NET Core's) on the console, as a silo's log does. The client's
    /// embedded silo shares the user's terminal with the results, so it only counts them (every result says how many of
    /// each kind were logged while it ran); <see cref="Verbose"/> prints them there too. Errors are always printed.
    /// </summary>
    public bool FrameworkWarningsOnConsole { get; init; } = true;
}
