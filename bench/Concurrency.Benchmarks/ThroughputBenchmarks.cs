using BenchmarkDotNet.Attributes;
using Concurrency.Abstractions;
using Concurrency.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Concurrency.Benchmarks;

/// <summary>
/// Calls a second with many concurrent callers, as the Orleans repository's ping benchmark measures them: each
/// invocation issues <see cref="Callers"/> × <see cref="CallsPerCaller"/> pings, each caller looping on its own grain.
/// </summary>
public class ThroughputBenchmarks
{
    private const int Callers = 400;
    private const int CallsPerCaller = 50;

    private LabSilo _silo = null!;
    private IHost _clientHost = null!;
    private IPingGrain[] _inSilo = null!;
    private IPingGrain[] _throughGateway = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _silo = await LabSilo.StartAsync(new LabSiloOptions { SiloPort = 0, GatewayPort = 0, HttpPort = 0, Dashboard = false });
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client.UseStaticClustering(_silo.Gateway).Configure<ClusterOptions>(LabCluster.ConfigureIds));
        _clientHost = builder.Build();
        await _clientHost.StartAsync();

        var client = _clientHost.Services.GetRequiredService<IClusterClient>();
        _inSilo = Enumerable.Range(0, Callers).Select(i => _silo.Grains.GetGrain<IPingGrain>(i)).ToArray();
        _throughGateway = Enumerable.Range(0, Callers).Select(i => client.GetGrain<IPingGrain>(10_000 + i)).ToArray();
        await Run(_inSilo);
        await Run(_throughGateway);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _clientHost.StopAsync();
        _clientHost.Dispose();
        await _silo.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Callers * CallsPerCaller)]
    public Task InSilo() => Run(_inSilo);

    [Benchmark(OperationsPerInvoke = Callers * CallsPerCaller)]
    public Task ThroughGateway() => Run(_throughGateway);

    private static Task Run(IPingGrain[] pings) => Task.WhenAll(pings.Select(async ping =>
    {
        for (var i = 0; i < CallsPerCaller; i++)
        {
            await ping.Ping();
        }
    }));
}
