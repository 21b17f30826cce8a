using Concurrency.Grains.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Concurrency.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>The services the lab's grains need inside a silo.</summary>
    public static IServiceCollection AddConcurrencyGrains(this IServiceCollection services)
    {
        // The experiments' grains are collected after a short idle time, which Orleans accepts only with a shorter quantum.
        services.Configure<Orleans.Configuration.GrainCollectionOptions>(collection => collection.CollectionQuantum = GrainLifetime.CollectionQuantum);
        services.TryAddSingleton<SimulatedNetwork>();
        services.TryAddSingleton<IDownloadSource, SimulatedDownloadSource>();

        // Tracing: a filter around every incoming call (free unless the call carries a trace id), the silo's
        // buffer, and the placement that lets the client reach the buffer of each silo.
        services.TryAddSingleton<SiloTraceBuffer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncomingGrainCallFilter, TraceCallFilter>());
        services.AddPlacementDirector<SiloPinnedPlacement, SiloPinnedPlacementDirector>();
        return services;
    }
}
