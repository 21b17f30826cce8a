using BenchmarkDotNet.Attributes;
using Concurrency.Abstractions;

namespace Concurrency.Benchmarks;

/// <summary>
/// Calls a second with many concurrent callers, as the Orleans repository's ping benchmark measures them: each
/// invocation issues <see cref="Callers"/> × <see cref="CallsPerCaller"/> pings, each caller looping on its own grain.
/// </summary>
public class ThroughputBenchmarks
{
    private const int Callers = 400;
    private const int CallsPerCaller = 50;

    private BenchmarkCluster _cluster = null!;
    private IPingGrain[] _inSilo = null!;
    private IPingGrain[] _throughGateway = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _cluster = await BenchmarkCluster.StartAsync();
        _inSilo = Enumerable.Range(0, Callers).Select(i => _cluster.InSilo.GetGrain<IPingGrain>(i)).ToArray();
        _throughGateway = Enumerable.Range(0, Callers).Select(i => _cluster.ThroughGateway.GetGrain<IPingGrain>(10_000 + i)).ToArray();
        await Run(_inSilo);
        await Run(_throughGateway);
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _cluster.DisposeAsync();

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
