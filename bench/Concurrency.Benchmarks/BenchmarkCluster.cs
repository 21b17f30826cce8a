using Concurrency.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Concurrency.Benchmarks;

/// <summary>
/// A lab silo on free loopback ports and an Orleans client connected to its gateway, so one benchmark can compare a
/// call made inside the silo with the same call made over the wire.
/// </summary>
public sealed class BenchmarkCluster : IAsyncDisposable
{
    private readonly LabSilo _silo;
    private readonly IHost _clientHost;

    private BenchmarkCluster(LabSilo silo, IHost clientHost)
    {
        _silo = silo;
        _clientHost = clientHost;
    }

    /// <summary>The silo's own grain factory: calls that never touch a socket.</summary>
    public IGrainFactory InSilo => _silo.Grains;

    /// <summary>An external client's grain factory: calls through the gateway over loopback TCP.</summary>
    public IGrainFactory ThroughGateway => _clientHost.Services.GetRequiredService<IClusterClient>();

    public static async Task<BenchmarkCluster> StartAsync()
    {
        var silo = await LabSilo.StartAsync(new LabSiloOptions { SiloPort = 0, GatewayPort = 0, HttpPort = 0, Dashboard = false });
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client.UseStaticClustering(silo.Gateway).Configure<ClusterOptions>(LabCluster.ConfigureIds));
        var clientHost = builder.Build();
        await clientHost.StartAsync();
        return new BenchmarkCluster(silo, clientHost);
    }

    public async ValueTask DisposeAsync()
    {
        await _clientHost.StopAsync();
        _clientHost.Dispose();
        await _silo.DisposeAsync();
    }
}
