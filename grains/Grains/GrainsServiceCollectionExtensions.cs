using Concurrency.Grains.Logging;
using Concurrency.Grains.Telemetry;
using Concurrency.Grains.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;

namespace Concurrency.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>The services the lab's grains need inside a silo.</summary>
    public static IServiceCollection AddConcurrencyGrains(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(HttpDownloadSource)))
        {
            return services;
        }

        // The experiments' grains are collected after a short idle time, which Orleans accepts only with a shorter quantum.
        services.Configure<Orleans.Configuration.GrainCollectionOptions>(collection => collection.CollectionQuantum = GrainLifetime.CollectionQuantum);

        // A test may register its own LabClock first (a fake one); otherwise the simulated internet runs on real time.
        services.TryAddSingleton(LabClock.System);
        services.TryAddSingleton<SimulatedNetwork>();

        // The lab's meter: silent unless the silo exports metrics (then LabSilo also adds its call filter).
        services.TryAddSingleton<LabMeter>();
        services.TryAddSingleton<IDownloadSource, SimulatedDownloadSource>();

        // Tracing: a filter around every incoming call (free unless the call carries a trace id), the silo's
        // buffer, and the placement that lets the client reach the buffer of each silo.
        services.TryAddSingleton<SiloTraceBuffer>();

        // The lab page's live feed: recorded only while a page keeps asking for samples.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Lab.LabLive>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncomingGrainCallFilter, TraceCallFilter>());
        services.AddPlacementDirector<SiloPinnedPlacement, SiloPinnedPlacementDirector>();
        services.TryAddSingleton<SiloHttpEndpoint>();

        // The framework's warnings, counted per kind for each experiment's result (see FrameworkWarningCounter).
        services.AddSingleton<FrameworkWarningCounter>();
        services.AddSingleton<ILoggerProvider>(provider => provider.GetRequiredService<FrameworkWarningCounter>());
        services.AddSingleton<HttpDownloadSource>();

        var client = services.AddHttpClient(HttpDownloadSource.ClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(HttpConnectionPool.CreateHandler)

            // One handler, one pool, for the silo's lifetime: rotating handlers would throw the warm connections away.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)

            // Every download is accounted for in the results; a log scope and log checks per request only cost time.
            .RemoveAllLoggers();
        client.AddResilienceHandler("downloads", HttpDownloadPipeline.Configure)
            .SelectPipelineByAuthority();
        client.AddHttpMessageHandler(() => new PerTryHandler());
        return services;
    }
}
