using BenchmarkDotNet.Attributes;
using Concurrency.Abstractions;

namespace Concurrency.Benchmarks;

/// <summary>
/// The latency of one grain call that does nothing, as the Orleans repository's PingBenchmark measures it:
/// from inside the silo (no network) and from an external client through the gateway over loopback TCP.
/// </summary>
[MemoryDiagnoser]
public class PingBenchmarks
{
    private BenchmarkCluster _cluster = null!;
    private IPingGrain _inSilo = null!;
    private IPingGrain _throughGateway = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _cluster = await BenchmarkCluster.StartAsync();
        _inSilo = _cluster.InSilo.GetGrain<IPingGrain>(1);
        _throughGateway = _cluster.ThroughGateway.GetGrain<IPingGrain>(2);
        await _inSilo.Ping();
        await _throughGateway.Ping();
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _cluster.DisposeAsync();

    [Benchmark(Baseline = true)]
    public ValueTask InSilo() => _inSilo.Ping();

    [Benchmark]
    public ValueTask ThroughGateway() => _throughGateway.Ping();
}
