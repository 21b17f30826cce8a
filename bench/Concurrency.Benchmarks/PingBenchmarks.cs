using BenchmarkDotNet.Attributes;
using Concurrency.Abstractions;
using Concurrency.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Concurrency.Benchmarks;

/// <summary>
/// The latency of one grain call that does nothing, as the Orleans repository's PingBenchmark measures it:
/// from inside the silo (no network) and from an external client through the gateway over loopback TCP.
/// </summary>
[MemoryDiagnoser]
public class PingBenchmarks
{
    private LabSilo _silo = null!;
    private IHost _clientHost = null!;
    private IPingGrain _inSilo = null!;
    private IPingGrain _throughGateway = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _silo = await LabSilo.StartAsync(new LabSiloOptions { SiloPort = 0, GatewayPort = 0, HttpPort = 0, Dashboard = false });
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client.UseStaticClustering(_silo.Gateway).Configure<ClusterOptions>(LabCluster.ConfigureIds));
        _clientHost = builder.Build();
        await _clientHost.StartAsync();

        _inSilo = _silo.Grains.GetGrain<IPingGrain>(1);
        _throughGateway = _clientHost.Services.GetRequiredService<IClusterClient>().GetGrain<IPingGrain>(2);
        await _inSilo.Ping();
        await _throughGateway.Ping();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _clientHost.StopAsync();
        _clientHost.Dispose();
        await _silo.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public ValueTask InSilo() => _inSilo.Ping();

    [Benchmark]
    public ValueTask ThroughGateway() => _throughGateway.Ping();
}
