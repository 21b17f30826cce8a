using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using Concurrency.Grains.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Concurrency.Hosting.Telemetry;

/// <summary>
/// Where operators look: the silo's meters through OpenTelemetry, scraped at <see cref="MetricsPath"/> in Prometheus'
/// text format, and with <see cref="LabSiloOptions.Otlp"/> also pushed, with Orleans' grain-call spans, over OTLP.
/// </summary>
public static class LabTelemetry
{
    public const string MetricsPath = "/metrics";

    public const string ServiceName = "concurrency-lab-silo";

    /// <summary>
    /// Orleans' own meter (activations, request latency, long-running turns), the .NET runtime's built-in meter
    /// (thread pool threads and queue, GC, CPU time) and the lab's.
    /// </summary>
    public static IReadOnlyList<string> Meters { get; } = [OrleansMeter, RuntimeMeter, LabMeter.Name];

    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>The runtime's meter (thread pool, GC): one for the whole process, made by no silo's meter factory.</summary>
    public const string RuntimeMeter = "System.Runtime";

    /// <summary>
    /// What /metrics carries of Orleans' meter: activations, request latency (with the requests that timed out or were
    /// cancelled) and long-running turns. Its other instruments are dropped, and Orleans records nothing for an
    /// instrument that no listener enables. That matters: several of them count every message (the dispatcher, the
    /// incoming-message agent, the gateway, the directory cache), each an interlocked add on a counter that every core
    /// shares, so with both cores calling grains the counter's cache line travels between them on every message.
    /// BENCHMARKS.md has what they cost.
    /// </summary>
    public static FrozenSet<string> OrleansInstruments { get; } = FrozenSet.Create(
        StringComparer.Ordinal,
        "orleans-catalog-activations",
        "orleans-app-requests-latency",
        "orleans-app-requests-timedout",
        "orleans-app-requests-canceled",
        "orleans-scheduler-long-running-turns");

    /// <summary>Orleans' spans: application grain calls, and the runtime's own calls (membership, directory, ...).</summary>
    public static IReadOnlyList<string> ActivitySources { get; } =
        [Orleans.Diagnostics.ActivitySources.ApplicationGrainActivitySourceName, Orleans.Diagnostics.ActivitySources.RuntimeActivitySourceName];

    public static bool Records(LabSiloOptions options) => options.Metrics || options.Otlp is not null;

    /// <summary>Adds OpenTelemetry and the lab's call filter (<see cref="LabSiloOptions.MetricsParts"/>) when the silo records anything; adds nothing otherwise.</summary>
    public static void AddLabTelemetry(this IServiceCollection services, LabSiloOptions options, string instance)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Records(options))
        {
            return;
        }

        if (options.MetricsParts.HasFlag(MetricsParts.CallFilter))
        {
            services.AddLabCallCounting();
        }

        if (!options.MetricsParts.HasFlag(MetricsParts.MeterProvider))
        {
            return;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceInstanceId: instance))
            .WithMetrics(metrics =>
            {
                metrics.AddLabMeters();
                if (options.Metrics)
                {
                    // Every scrape is read fresh: the exporter's default 300 ms cache would hand a scrape straight
                    // after a change the figures from before it.
                    metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                }

                if (options.Otlp is { } otlp)
                {
                    metrics.AddOtlpExporter(exporter => ToCollector(exporter, otlp, "v1/metrics"));
                }
            });
        if (options.Otlp is { } collector)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource([.. ActivitySources])
                .AddOtlpExporter(exporter => ToCollector(exporter, collector, "v1/traces")));
        }
    }

    /// <summary>The lab meter's turn and await counts: a call filter around every incoming grain call (see <see cref="MetricsCallFilter"/>).</summary>
    private static IServiceCollection AddLabCallCounting(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncomingGrainCallFilter, MetricsCallFilter>());
        return services;
    }

    /// <summary>What the silo's meter provider listens to: <see cref="Meters"/>, of Orleans' only <see cref="OrleansInstruments"/>.</summary>
    /// <remarks>
    /// A meter provider listens by meter name across the whole process, so with several silos in one process (the
    /// tests' clusters side by side) each would count every silo's instruments: it keeps only those its own silo's
    /// <see cref="IMeterFactory"/> made, and the runtime's, which is one meter for the whole process.
    /// </remarks>
    private static MeterProviderBuilder AddLabMeters(this MeterProviderBuilder metrics)
    {
        metrics.AddMeter([.. Meters]);
        ((IDeferredMeterProviderBuilder)metrics).Configure((services, builder) =>
        {
            var own = services.GetRequiredService<IMeterFactory>();
            builder.AddView(instrument => Keeps(instrument, own) ? null : MetricStreamConfiguration.Drop);
        });
        return metrics;
    }

    private static bool Keeps(Instrument instrument, IMeterFactory own) =>
        (instrument.Meter.Scope == own || instrument.Meter.Name == RuntimeMeter) && (instrument.Meter.Name != OrleansMeter || OrleansInstruments.Contains(instrument.Name));

    /// <summary>Serves /metrics as an ordinary endpoint route, so the silo's rules for its routes cover it too.</summary>
    public static void MapLabTelemetry(this WebApplication app, LabSiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Metrics && options.MetricsParts.HasFlag(MetricsParts.MeterProvider))
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath);
        }
    }

    // OTLP over HTTP: each signal has its own path under the collector's base address (an explicit endpoint is used as is).
    private static void ToCollector(OtlpExporterOptions exporter, Uri collector, string signalPath)
    {
        var root = collector.AbsoluteUri.EndsWith('/') ? collector : new Uri(collector.AbsoluteUri + "/");
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = new Uri(root, signalPath);
    }
}
