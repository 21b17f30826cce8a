using System.Diagnostics.Metrics;
using System.Net;
using Concurrency.Abstractions;
using Concurrency.Grains;
using Concurrency.Grains.Telemetry;
using Concurrency.Hosting;
using Concurrency.Hosting.Telemetry;
using Concurrency.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Concurrency.Grains.Telemetry.LabMeter;

namespace Concurrency.Tests;

/// <summary>
/// The silo's /metrics, read as Prometheus reads it, and the lab meter's counts, checked exactly from the measurements
/// themselves. Each test starts its own silo in this process, on free loopback ports.
/// </summary>
public sealed class MetricsTests
{
    private static readonly LabSiloOptions Silo = new() { SiloPort = 0, GatewayPort = 0, HttpPort = 0, Dashboard = false };

    [Fact]
    public async Task Metrics_carries_the_labs_orleans_and_the_runtimes_instruments_after_a_few_grain_calls()
    {
        await using var silo = await LabSilo.StartAsync(Silo);
        await CallAsync(silo.Grains, pings: 5, pingsFromAGrain: 3);
        var meter = silo.Services.GetRequiredService<LabMeter>();
        meter.ExperimentStarted("cpu", "stateless-pool");

        var samples = await ScrapeAsync(silo);

        Assert.True(Value(samples, "lab_grain_turns_total", nameof(PingGrain)) >= 8, "a turn per ping, from outside and from a grain");
        Assert.True(Value(samples, "lab_grain_awaits_total", nameof(PingCallerGrain)) >= 1, "the caller's first turn ends at its await");
        Assert.Equal(0, Value(samples, "lab_grain_awaits_total", nameof(PingGrain)));
        Assert.Equal(0, Value(samples, "lab_crunches_running", nameof(NumberCruncherGrain)));
        Assert.Equal(0, Value(samples, "lab_crunches_running", nameof(StatelessCruncherGrain)));
        Assert.Contains(samples, s => s is { Name: "lab_experiment_running", Value: 1 } && s.Has("experiment", "cpu") && s.Has("strategy", "stateless-pool"));

        // Orleans' meter (activations per grain type, request latency) and the runtime's (thread pool, GC).
        Assert.Contains(samples, s => s is { Name: "orleans_catalog_activations", Value: >= 1 } && s.Has("grain_type", "ping"));
        Assert.Contains(samples, s => s.Name == "orleans_app_requests_latency_milliseconds_count");
        Assert.Contains(samples, s => s.Name.StartsWith("dotnet_thread_pool_thread_count", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.Name.StartsWith("dotnet_gc_collections", StringComparison.Ordinal));

        // A finished strategy leaves the gauge, so Prometheus stops showing it as running.
        meter.ExperimentFinished("cpu", "stateless-pool");
        Assert.DoesNotContain(await ScrapeAsync(silo), s => s.Name == "lab_experiment_running");
    }

    [Fact]
    public async Task Each_call_counts_one_turn_an_await_only_if_it_gave_its_thread_back_and_each_crunch_runs_once()
    {
        await using var silo = await LabSilo.StartAsync(Silo);
        using var recorder = new LabMeterRecorder(silo);

        await CallAsync(silo.Grains, pings: 5, pingsFromAGrain: 10);

        // The gauge goes up once and down once per crunch (read before the observed counters clear the record).
        Assert.Equal([1, -1], recorder.Values(Instruments.RunningCrunches, typeof(NumberCruncherGrain)));
        Assert.Equal([1, -1], recorder.Values(Instruments.RunningCrunches, typeof(StatelessCruncherGrain)));

        Assert.Equal(15, recorder.Total(Instruments.Turns, typeof(PingGrain)));
        Assert.Equal(0, recorder.Total(Instruments.Awaits, typeof(PingGrain)));
        Assert.Equal(1, recorder.Total(Instruments.Turns, typeof(PingCallerGrain)));
        Assert.Equal(1, recorder.Total(Instruments.Awaits, typeof(PingCallerGrain)));

        // Crunching yields first, so each cruncher call also counts an await.
        Assert.Equal(1, recorder.Total(Instruments.Turns, typeof(NumberCruncherGrain)));
        Assert.Equal(1, recorder.Total(Instruments.Awaits, typeof(NumberCruncherGrain)));
    }

    [Fact]
    public async Task Without_metrics_the_silo_serves_no_metrics_and_counts_no_turns()
    {
        await using var silo = await LabSilo.StartAsync(Silo with { Metrics = false });
        using var recorder = new LabMeterRecorder(silo);

        await CallAsync(silo.Grains, pings: 5, pingsFromAGrain: 3);

        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(silo.HttpBase, LabTelemetry.MetricsPath))).StatusCode);
        Assert.Empty(recorder.GrainClasses(Instruments.Turns));
        Assert.Empty(recorder.GrainClasses(Instruments.Awaits));
    }

    [Fact]
    public async Task The_call_filter_alone_counts_turns_and_serves_no_metrics_and_the_meter_provider_alone_the_reverse()
    {
        await using (var filterOnly = await LabSilo.StartAsync(Silo with { MetricsParts = MetricsParts.CallFilter }))
        {
            using var recorder = new LabMeterRecorder(filterOnly);
            await CallAsync(filterOnly.Grains, pings: 5, pingsFromAGrain: 3);

            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(filterOnly.HttpBase, LabTelemetry.MetricsPath))).StatusCode);
            Assert.Equal(8, recorder.Total(Instruments.Turns, typeof(PingGrain)));
        }

        await using var providerOnly = await LabSilo.StartAsync(Silo with { MetricsParts = MetricsParts.MeterProvider });
        await CallAsync(providerOnly.Grains, pings: 5, pingsFromAGrain: 3);

        var samples = await ScrapeAsync(providerOnly);
        Assert.Contains(samples, s => s is { Name: "orleans_catalog_activations", Value: >= 1 } && s.Has("grain_type", "ping"));
        Assert.DoesNotContain(samples, s => s.Name == "lab_grain_turns_total");
    }

    [Fact]
    public async Task Orleans_meter_is_enabled_only_for_the_instruments_metrics_carries()
    {
        await using var silo = await LabSilo.StartAsync(Silo);
        await CallAsync(silo.Grains, pings: 5, pingsFromAGrain: 3);

        // A listener that enables nothing sees every instrument of this silo's Orleans meter; Enabled says whether
        // any other listener (the silo's meter provider) asked for its measurements, i.e. whether Orleans records it.
        var scope = silo.Services.GetRequiredService<IMeterFactory>();
        var instruments = new List<Instrument>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == LabTelemetry.OrleansMeter && ReferenceEquals(instrument.Meter.Scope, scope))
                {
                    instruments.Add(instrument);
                }
            };
            listener.Start();
        }

        var enabled = instruments.Where(i => i.Enabled).Select(i => i.Name).ToHashSet();
        Assert.Subset(LabTelemetry.OrleansInstruments.ToHashSet(), enabled);
        Assert.Contains("orleans-app-requests-latency", enabled);
        Assert.Contains("orleans-catalog-activations", enabled);

        // Those that count every message are there, and off.
        foreach (var perMessage in new[] { "orleans-messaging-processing-dispatcher-received", "orleans-messaging-processing-ima-enqueued", "orleans-gateway-received", "orleans-directory-lookups-cache-issued" })
        {
            Assert.Contains(instruments, i => i.Name == perMessage);
            Assert.DoesNotContain(perMessage, enabled);
        }
    }

    /// <summary>Pings from outside any grain, pings from a grain, and one crunch on each cruncher.</summary>
    private static async Task CallAsync(IGrainFactory grains, int pings, int pingsFromAGrain)
    {
        var key = Random.Shared.NextInt64(1L << 40, 1L << 62);
        var ping = grains.GetGrain<IPingGrain>(key);
        for (var i = 0; i < pings; i++)
        {
            await ping.Ping();
        }

        await grains.GetGrain<IPingCallerGrain>(key).PingMany(ping, pingsFromAGrain, CancellationToken.None);
        var range = new TermRange(0, 1000);
        await grains.GetGrain<INumberCruncherGrain>(key).SumTerms(range, CancellationToken.None);
        await grains.GetGrain<IStatelessCruncherGrain>(key).SumTerms(range, CancellationToken.None);
    }

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(LabSilo silo)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(silo.HttpBase, LabTelemetry.MetricsPath));
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return PrometheusSample.Parse(await response.Content.ReadAsStringAsync());
    }

    private static double Value(IReadOnlyList<PrometheusSample> samples, string name, string grainClass) =>
        Assert.Single(samples, s => s.Name == name && s.Has("grain_class", grainClass)).Value;
}
