using System.Net;
using Concurrency.Grains;
using Concurrency.Grains.Lab;
using Concurrency.Hosting.Lab;
using Concurrency.Hosting.Sites;
using Concurrency.Hosting.Security;
using Concurrency.Hosting.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Concurrency.Hosting;

/// <summary>
/// One lab silo: an ASP.NET Core app that hosts the Orleans silo, the dashboard and the lab's HTTP endpoints.
/// The silo program and the client's embedded silo both start it, so they run the very same silo.
/// </summary>
public sealed class LabSilo : IAsyncDisposable
{
    /// <summary>How long a graceful stop may take before the silo gives up on it.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(15);

    private readonly WebApplication _app;

    private LabSilo(WebApplication app, IPEndPoint siloEndpoint, IPEndPoint gateway, Uri httpBase, LabSiloOptions options)
    {
        _app = app;
        SiloEndpoint = siloEndpoint;
        Gateway = gateway;
        HttpBase = httpBase;
        Dashboard = options.Dashboard ? new Uri(httpBase, LabSiloOptions.DashboardPath) : null;
        LabPage = ServesLabPage(options) ? new Uri(httpBase, LabEndpoints.Path) : null;
    }

    /// <summary>The silo endpoint as advertised to other silos: a dialable address, even when listening on 0.0.0.0.</summary>
    public IPEndPoint SiloEndpoint { get; }

    /// <summary>The gateway as clients should dial it.</summary>
    public IPEndPoint Gateway { get; }

    public Uri HttpBase { get; }

    public Uri? Dashboard { get; }

    /// <summary>The lab page, served beside the dashboard unless the live feed is off; null when not served.</summary>
    public Uri? LabPage { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>A grain factory inside the silo: calls from it skip the gateway.</summary>
    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Completes when the host stops, e.g. on Ctrl+C or SIGTERM.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Signalled as soon as a stop is requested.</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    public static async Task<LabSilo> StartAsync(LabSiloOptions options, CancellationToken cancellationToken = default)
    {
        Exposure.Check(options);
        if (options.Clustering == ClusteringMode.Redis)
        {
            var redis = options.Redis ?? throw new UsageException("--clustering redis needs --redis HOST:PORT.");
            if (await RedisProbe.FailureAsync(redis, cancellationToken) is { } failure)
            {
                throw new SiloStartException(failure);
            }
        }

        foreach (var (port, option) in new[] { (options.SiloPort, "--silo-port"), (options.GatewayPort, "--gateway-port"), (options.HttpPort, "--dashboard-port") })
        {
            if (port != 0)
            {
                FreePort.EnsureFree(options.Address, port, option);
            }
        }

        var siloPort = options.SiloPort == 0 ? FreePort.Pick(options.Address) : options.SiloPort;
        var gatewayPort = options.GatewayPort == 0 ? FreePort.Pick(options.Address) : options.GatewayPort;
        var siloEndpoint = new IPEndPoint(options.Address, siloPort);

        // Listen where asked; tell others an address they can dial (never the 0.0.0.0 wildcard).
        var advertised = Exposure.Advertised(options.Address, options.Advertise);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(LabSilo).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });

        ConfigureLogging(builder.Logging, options.Verbose, options.FrameworkWarningsOnConsole || options.Verbose);
        if (options.Quiet)
        {
            builder.Logging.ClearProviders();
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(HttpGuard.ListenAddress(options), options.HttpPort));

        // A thousand downloads connect at once: a short accept queue would drop SYNs, and a dropped SYN is retried by
        // the kernel only after a second, far longer than the latencies the lab measures.
        builder.Services.Configure<SocketTransportOptions>(sockets => sockets.Backlog = LabSiloOptions.HttpBacklog);
        builder.Services.Configure<LabLiveOptions>(live => live.Enabled = options.LiveFeed);
        builder.Services.AddConcurrencyGrains();
        if (options.LiveFeed)
        {
            builder.Services.AddLab();
        }

        builder.Services.AddLabTelemetry(options, new IPEndPoint(advertised, siloPort).ToString());

        // A silo leaving gracefully hands off its work and updates membership; if the membership store is gone, that
        // can hang. Bound it, so Ctrl+C always ends the process.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton<SiteTraffic>();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(LabCluster.ConfigureIds);
            silo.Configure<ClusterMembershipOptions>(LabCluster.ConfigureFastMembership);
            silo.Configure<EndpointOptions>(endpoints =>
            {
                endpoints.AdvertisedIPAddress = advertised;
                endpoints.SiloPort = siloPort;
                endpoints.GatewayPort = gatewayPort;
                endpoints.SiloListeningEndpoint = siloEndpoint;
                endpoints.GatewayListeningEndpoint = new IPEndPoint(options.Address, gatewayPort);
            });
            if (options.Clustering == ClusteringMode.Redis)
            {
                silo.UseRedisClustering(redisOptions => redisOptions.ConfigurationOptions = LabCluster.RedisOptions(options.Redis!));
            }
            else
            {
                silo.UseDevelopmentClustering(options.Primary ?? new IPEndPoint(advertised, siloPort));
            }
            if (options.Dashboard)
            {
                silo.AddDashboard();
            }

            if (options.TlsCertificate is { } certificate)
            {
                silo.UseTls(certificate, tls => LabTls.Configure(tls, certificate));
            }

            // Spans for grain calls exist only with propagation on; it costs every call, so only when they are exported.
            if (options.Otlp is not null)
            {
                silo.AddActivityPropagation();
            }
        });

        HttpGuard.AddServices(builder.Services, options);

        var app = builder.Build();

        // One rule for every route, mapped here or later: beyond loopback, the login or nothing.
        HttpGuard.Apply(app, options);
        if (options.Dashboard)
        {
            app.MapOrleansDashboard(routePrefix: LabSiloOptions.DashboardPath);
        }

        if (ServesLabPage(options))
        {
            // The lab page sits beside the dashboard, each linked from the other; HttpGuard's one rule covers both.
            app.MapLab();
            app.UseDashboardLabLink(LabSiloOptions.DashboardPath);
        }

        app.MapGet("/", () => Results.Redirect(options.Dashboard ? LabSiloOptions.DashboardPath : "/health"));
        app.MapGet("/health", () => Results.Text("ok"));
        app.MapLabTelemetry(options);
        app.MapSites();

        await app.StartAsync(cancellationToken);

        var httpBase = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/");
        app.Services.GetRequiredService<SiloHttpEndpoint>().Base = httpBase;
        app.Services.GetRequiredService<SiloHttpEndpoint>().Authorization = HttpGuard.OwnAuthorization(options);
        return new LabSilo(app, new IPEndPoint(advertised, siloPort), new IPEndPoint(advertised, gatewayPort), httpBase, options);
    }

    private static bool ServesLabPage(LabSiloOptions options) => options.Dashboard && options.LiveFeed;

    private static void ConfigureLogging(ILoggingBuilder logging, bool verbose, bool frameworkWarnings)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });

        // Log to stderr: stdout belongs to the program's results (the client's --json in particular).
        logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
        if (!verbose)
        {
            // The watchdog's first check after start-up compares against a clock that has not started yet and
            // reports minutes of "lock contention". Real stalls still show at --verbose.
            logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);

            // Every retry and every opened circuit is accounted for in the results; as log lines they would bury them.
            logging.AddFilter("Polly", LogLevel.None);
        }

        if (!frameworkWarnings)
        {
            // The terminal is not a log (TerminalLog): the framework's warnings are only counted, by a provider of its
            // own that this rule leaves alone. A rule for one provider replaces the rules above for it, so Polly's is
            // given again.
            logging.AddFilter<ConsoleLoggerProvider>(TerminalLog.Shows);
            logging.AddFilter<ConsoleLoggerProvider>("Polly", LogLevel.None);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken = default) => await _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(CancellationToken.None);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
