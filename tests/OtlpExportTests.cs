using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Concurrency.Abstractions;
using Concurrency.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Concurrency.Tests;

/// <summary>
/// <c>--otlp</c>: a silo sends its metrics and Orleans' grain-call spans to an OTLP/HTTP collector. The collector here
/// is a real HTTP server on loopback that keeps what it is sent; stopping the silo flushes both signals to it.
/// </summary>
[Trait("Category", "Slow")]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task A_silo_with_otlp_sends_metrics_and_grain_call_spans_under_the_collectors_address()
    {
        await using var collector = await Collector.StartAsync();
        var silo = await LabSilo.StartAsync(new LabSiloOptions
        {
            SiloPort = 0, GatewayPort = 0, HttpPort = 0, Dashboard = false, Otlp = new Uri(collector.Base, "otel"),
        });
        try
        {
            var ping = silo.Grains.GetGrain<IPingGrain>(Random.Shared.NextInt64(1L << 40, 1L << 62));
            for (var i = 0; i < 5; i++)
            {
                await ping.Ping();
            }
        }
        finally
        {
            await silo.DisposeAsync();
        }

        // OTLP/protobuf carries names as plain UTF-8 strings, so they can be found in the bodies.
        var metrics = collector.Received("/otel/v1/metrics");
        Assert.Contains(metrics, body => body.Contains("lab.grain.turns", StringComparison.Ordinal) && body.Contains("PingGrain", StringComparison.Ordinal));
        Assert.Contains(metrics, body => body.Contains("orleans-catalog-activations", StringComparison.Ordinal));
        var traces = collector.Received("/otel/v1/traces");
        Assert.Contains(traces, body => body.Contains(Orleans.Diagnostics.ActivitySources.ApplicationGrainActivitySourceName, StringComparison.Ordinal)
            && body.Contains("IPingGrain", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_otlp_the_silo_sends_nothing()
    {
        await using var collector = await Collector.StartAsync();
        await using (var silo = await LabSilo.StartAsync(new LabSiloOptions { SiloPort = 0, GatewayPort = 0, HttpPort = 0, Dashboard = false }))
        {
            await silo.Grains.GetGrain<IPingGrain>(Random.Shared.NextInt64(1L << 40, 1L << 62)).Ping();
        }

        Assert.Empty(collector.Paths);
    }

    /// <summary>An OTLP/HTTP collector that answers 200 to every export and keeps each body by its path.</summary>
    private sealed class Collector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, string Body)> _received = new();

        private Collector(WebApplication app) => _app = app;

        public Uri Base { get; private set; } = null!;

        public IReadOnlyList<string> Paths => [.. _received.Select(r => r.Path)];

        public static async Task<Collector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var collector = new Collector(app);
            app.MapPost("/{**path}", async (HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                collector._received.Enqueue((request.Path.Value ?? "", Encoding.UTF8.GetString(body.ToArray())));
                return Results.Bytes([], "application/x-protobuf");
            });
            await app.StartAsync();
            collector.Base = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/");
            return collector;
        }

        public List<string> Received(string path)
        {
            var bodies = _received.Where(r => r.Path == path).Select(r => r.Body).ToList();
            Assert.True(bodies.Count > 0, $"nothing sent to {path}; sent to: {string.Join(", ", Paths.Distinct())}");
            return bodies;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
