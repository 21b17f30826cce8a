using System.Net;
using BenchmarkDotNet.Attributes;
using Concurrency.Abstractions;
using Concurrency.Grains;
using Concurrency.Hosting;
using Concurrency.Hosting.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace Concurrency.Benchmarks;

/// <summary>Which of the two parts of the silo's metrics run: the lab's call filter, the meter provider, both or neither.</summary>
public enum MetricsParts
{
    None,
    CallFilter,
    MeterProvider,
    Both,

    /// <summary>The meter provider with Orleans' request-latency histogram dropped as well: what that one instrument costs.</summary>
    MeterProviderWithoutLatency,
}

/// <summary>
/// What recording metrics costs a grain call, part by part: a silo with the lab's grains and tracing filter, plus the
/// lab's turn-counting call filter, plus the OpenTelemetry meter provider on the silo's meters (with the Prometheus
/// reader the silo has, never scraped), plus both. Each invocation is <see cref="Callers"/> caller grains each pinging
/// its own grain <see cref="PingsPerCaller"/> times, as <c>client bench calls</c> measures calls in the silo.
/// Each part runs in processes of its own (in one process, the part measured first also pays for the JIT settling):
/// <c>-- --filter '*MetricsParts*' --warmupCount 5 --iterationCount 15 --launchCount 3</c>.
/// </summary>
public class MetricsPartsBenchmarks
{
    private const int Callers = 400;
    private const int PingsPerCaller = 250;
    private const string RequestLatency = "orleans-app-requests-latency";

    private IHost _silo = null!;
    private (IPingCallerGrain Caller, IPingGrain Target)[] _pairs = null!;
    private IPingGrain[] _hosted = null!;

    [Params(MetricsParts.None, MetricsParts.CallFilter, MetricsParts.MeterProvider, MetricsParts.Both, MetricsParts.MeterProviderWithoutLatency)]
    public MetricsParts Parts { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo.UseLocalhostClustering(FreePort.Pick(IPAddress.Loopback), FreePort.Pick(IPAddress.Loopback)));
        builder.Services.AddConcurrencyGrains();
        if (Parts is MetricsParts.CallFilter or MetricsParts.Both)
        {
            builder.Services.AddLabCallCounting();
        }

        if (Parts is MetricsParts.MeterProvider or MetricsParts.Both)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddLabMeters().AddPrometheusExporter());
        }

        if (Parts is MetricsParts.MeterProviderWithoutLatency)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddLabMeters()
                .AddView(RequestLatency, MetricStreamConfiguration.Drop).AddPrometheusExporter());
        }

        _silo = builder.Build();
        await _silo.StartAsync();
        var grains = _silo.Services.GetRequiredService<IGrainFactory>();
        _pairs = [.. Enumerable.Range(0, Callers).Select(i => (grains.GetGrain<IPingCallerGrain>(i), grains.GetGrain<IPingGrain>(i)))];
        _hosted = [.. Enumerable.Range(0, Callers).Select(i => grains.GetGrain<IPingGrain>(Callers + i))];
        await GrainToGrain();
        await FromTheSiloHost();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _silo.StopAsync();
        _silo.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Callers * PingsPerCaller)]
    public Task GrainToGrain() =>
        Task.WhenAll(_pairs.Select(p => p.Caller.PingMany(p.Target, PingsPerCaller, CancellationToken.None).AsTask()));

    [Benchmark(OperationsPerInvoke = Callers * PingsPerCaller)]
    public Task FromTheSiloHost() => Task.WhenAll(_hosted.Select(async ping =>
    {
        for (var i = 0; i < PingsPerCaller; i++)
        {
            await ping.Ping();
        }
    }));
}
