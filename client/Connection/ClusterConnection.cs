using Concurrency.Abstractions;
using Concurrency.Cli;
using Concurrency.Client.Cluster;
using Concurrency.Client.Results;
using Concurrency.Hosting;
using Concurrency.Hosting.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Concurrency.Client.Connection;

/// <summary>
/// The client's way into a cluster: an Orleans client through a gateway, or an embedded silo in this process
/// when no cluster is running. Experiments see only a grain factory either way.
/// </summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    private readonly IHost? _clientHost;
    private readonly LabSilo? _embeddedSilo;

    private ClusterConnection(IGrainFactory grains, IHost? clientHost, LabSilo? embeddedSilo, string description, CancellationToken lost = default)
    {
        Grains = grains;
        Lost = lost;
        _clientHost = clientHost;
        _embeddedSilo = embeddedSilo;
        Description = description;
    }

    public IGrainFactory Grains { get; }

    public bool Embedded => _embeddedSilo is not null;

    /// <summary>The client's experiment calls in flight, for the death watch; null in an embedded silo, which no death can take from the client.</summary>
    public CallsInFlight? Calls => _clientHost?.Services.GetRequiredService<CallsInFlight>();

    public string Description { get; }

    /// <summary>
    /// Cancelled when the client loses every gateway (its silos stopped or cannot be reached); never for an embedded
    /// silo, which lives as long as this process.
    /// </summary>
    public CancellationToken Lost { get; }

    /// <summary>What a run cut short by <see cref="Lost"/> says.</summary>
    public string LostReason => $"Lost the cluster: the connection to {Description} closed (its silos stopped or cannot be reached)";

    public static async Task<ClusterConnection> OpenAsync(ConnectionRequest request, TextWriter status, CancellationToken cancellationToken)
    {
        if (request.ForceEmbedded)
        {
            var embedded = await StartEmbeddedAsync(request, cancellationToken);
            if (embedded._embeddedSilo is { Dashboard: { } dashboard } silo)
            {
                await status.WriteLineAsync(silo.LabPage is { } lab ? $"Lab page: {lab}  ·  Orleans dashboard: {dashboard}" : $"Orleans dashboard: {dashboard}");
            }

            return embedded;
        }

        if (request.Redis is { } redis)
        {
            // The client's --redis points at nothing: the user's input to fix, as an unanswered --gateway is.
            if (await RedisProbe.FailureAsync(redis, cancellationToken) is { } failure)
            {
                throw new UsageException(failure);
            }

            return await ConnectAsync(request, cancellationToken);
        }

        if (!await TcpProbe.AnswersAsync(request.Gateway, request.GatewayProbeTimeout, cancellationToken))
        {
            if (request.GatewayGiven)
            {
                throw new UsageException($"no silo answers at gateway {request.Gateway} (tried a TCP connection for {request.GatewayProbeTimeout.TotalMilliseconds:0} ms); start one with 'dotnet run --project silo' or leave out --gateway to run an embedded silo.");
            }

            await status.WriteLineAsync($"No silo answers at {request.Gateway}; running an embedded silo in this process.");
            return await StartEmbeddedAsync(request, cancellationToken);
        }

        return await ConnectAsync(request, cancellationToken);
    }

    /// <summary>
    /// The cluster's shape: each silo describes itself through its pinned dispatcher, so the shape counts every
    /// silo's cores and machine. The descriptions go through a <see cref="SiloRoster"/>, which races each against
    /// membership: a silo that dies while the client connects is dropped, not waited for to its response timeout.
    /// </summary>
    public async Task<ClusterInfo> DescribeAsync(IClusterObserver? observer = null, CancellationToken cancellationToken = default)
    {
        var silo = await Grains.GetGrain<ISiloInfoGrain>(0).Describe();
        await using var roster = await SiloRoster.StartAsync(Grains, observer, cancellationToken);
        var silos = roster.Active;
        return new ClusterInfo(silos.Count, Embedded, silo.ProcessorCount, ClusterShape.Of([.. silos]));
    }

    /// <summary>
    /// The base address of the sites endpoint that the silos' downloaders should fetch from: the embedded silo's own,
    /// or the one the silo behind the gateway reports. Null when the silo serves none (a bare test cluster).
    /// </summary>
    public async Task<Uri?> SitesBaseAsync() =>
        _embeddedSilo is not null ? _embeddedSilo.HttpBase : (await Grains.GetGrain<ISiloInfoGrain>(0).Describe()).HttpBase;

    private static async Task<ClusterConnection> StartEmbeddedAsync(ConnectionRequest request, CancellationToken cancellationToken)
    {
        // Free ports for everything, so an embedded silo never collides with a silo or another client on this machine.
        var silo = await LabSilo.StartAsync(
            new LabSiloOptions { SiloPort = 0, GatewayPort = 0, HttpPort = request.Dashboard ? DashboardPort() : 0, Dashboard = request.Dashboard, Verbose = request.Verbose, FrameworkWarningsOnConsole = false, Metrics = request.Metrics, Otlp = request.Otlp, LiveFeed = request.LiveFeed },
            cancellationToken);
        return new ClusterConnection(silo.Grains, null, silo, $"embedded silo {silo.SiloEndpoint}");
    }

    /// <summary>The usual dashboard port when nothing listens there, else one the OS picks.</summary>
    private static int DashboardPort()
    {
        try
        {
            using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, LabSiloOptions.DefaultHttpPort);
            probe.Start();
            return LabSiloOptions.DefaultHttpPort;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return 0;
        }
    }

    /// <summary>
    /// With --dashboard, keeps the embedded silo's dashboard and lab page up after the run until Enter (or the end
    /// of stdin) or <paramref name="cancellationToken"/> (Ctrl+C).
    /// </summary>
    public async Task ServeUntilEnterAsync(TextWriter status, CancellationToken cancellationToken)
    {
        if (_embeddedSilo is not { Dashboard: { } dashboard } silo)
        {
            return;
        }

        var lab = silo.LabPage is { } page ? $"the lab page {page} and " : "";
        await status.WriteLineAsync($"Still serving {lab}the dashboard {dashboard}: press Enter or Ctrl+C to stop.");
        var enter = Task.Run(Console.In.ReadLine, CancellationToken.None);
        await Task.WhenAny(enter, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task<ClusterConnection> ConnectAsync(ConnectionRequest request, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        // Without --verbose the client stays quiet: every failure that matters reaches the user as one line through an
        // exception, and Orleans' own error logs carry stack traces.
        builder.Logging.SetMinimumLevel(request.Verbose ? LogLevel.Information : LogLevel.None);
        builder.UseOrleansClient(client =>
        {
            if (request.Redis is { } redis)
            {
                client.UseRedisClustering(options => options.ConfigurationOptions = LabCluster.RedisOptions(redis));
            }
            else
            {
                client.UseStaticClustering(request.Gateway);
            }

            client.Configure<ClusterOptions>(LabCluster.ConfigureIds);
            if (request.TlsCertificate is { } certificate)
            {
                client.UseTls(certificate, tls => LabTls.Configure(tls, certificate));
            }
        });
        builder.Services.AddSingleton<IHostLifetime, RunOwnedLifetime>();
        builder.Services.AddSingleton<CallsInFlight>();
        builder.Services.AddSingleton<IOutgoingGrainCallFilter>(services => services.GetRequiredService<CallsInFlight>());
        builder.Services.AddSingleton(_ => new ConnectionWatch(TimeProvider.System));
        builder.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<ConnectionWatch>());

        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.ConnectTimeout);
        try
        {
            await StartAsync(host, request, timeout);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            if (e is GatewaySpeaksTlsException)
            {
                throw new UsageException($"could not join the cluster through {Where(request)}: the gateway speaks TLS and this client does not (give --tls --cert FILE with the cluster's certificate)");
            }

            var reason = e is OperationCanceledException ? $"no answer within {DurationText.Format(request.ConnectTimeout)} (a busy machine may need more: --connect-timeout)" : e.Message.ReplaceLineEndings(" ");
            var tlsHint = request.TlsCertificate is null ? " (if the cluster uses TLS, give --tls --cert FILE)" : " (is it the cluster's certificate, and does the cluster use TLS?)";
            throw new UsageException($"could not join the cluster through {Where(request)}: {reason}{tlsHint}");
        }

        return new ClusterConnection(host.Services.GetRequiredService<IClusterClient>(), host, null, Where(request), host.Services.GetRequiredService<ConnectionWatch>().Lost);
    }

    /// <summary>
    /// Starts the client. A plain client at a TLS gateway would retry until the connect timeout, its connection
    /// closed at every try: so when joining takes longer than <see cref="ConnectionRequest.TlsProbeAfter"/>, the
    /// gateway is asked whether it speaks TLS, and if it does, joining stops at once.
    /// </summary>
    private static async Task StartAsync(IHost host, ConnectionRequest request, CancellationTokenSource timeout)
    {
        var starting = host.StartAsync(timeout.Token);
        if (request.TlsCertificate is not null || request.Redis is not null)
        {
            await starting;
            return;
        }

        var slow = Task.Delay(ConnectionRequest.TlsProbeAfter, timeout.Token);
        if (await Task.WhenAny(starting, slow) == slow && !slow.IsCanceled)
        {
            var probe = TlsProbe.SpeaksTlsAsync(request.Gateway, ConnectionRequest.TlsProbeTimeout, timeout.Token);
            if (await Task.WhenAny(starting, probe) == probe && await probe)
            {
                // The client's start is told to stop, but it notices only between its handshake attempts, which on a
                // loaded machine ran out the whole connect timeout: it gets a few seconds, then the host is disposed.
                await timeout.CancelAsync();
                await starting.WaitAsync(AbandonStartAfter).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw new GatewaySpeaksTlsException();
            }
        }

        await starting;
    }

    private static readonly TimeSpan AbandonStartAfter = TimeSpan.FromSeconds(3);

    private sealed class GatewaySpeaksTlsException : Exception;

    private static string Where(ConnectionRequest request) =>
        request.Redis is { } redis ? $"the Redis membership table at {redis}" : $"gateway {request.Gateway}";

    public async ValueTask DisposeAsync()
    {
        if (_clientHost is not null)
        {
            try
            {
                await _clientHost.StopAsync(TimeSpan.FromSeconds(5));
            }
            finally
            {
                _clientHost.Dispose();
            }
        }

        if (_embeddedSilo is not null)
        {
            await _embeddedSilo.DisposeAsync();
        }
    }
}
