using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Concurrency.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>The services the lab's grains need inside a silo.</summary>
    public static IServiceCollection AddConcurrencyGrains(this IServiceCollection services)
    {
        services.TryAddSingleton<SimulatedNetwork>();
        services.TryAddSingleton<IDownloadSource, SimulatedDownloadSource>();
        return services;
    }
}
