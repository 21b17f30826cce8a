using Orleans.Runtime.Placement;

namespace Concurrency.Grains.Tracing;

/// <summary>The director of <see cref="SiloPinnedPlacement"/>: the silo named by the key, if it is in the cluster.</summary>
public sealed class SiloPinnedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString() ?? "";
        var wanted = SiloAddress.FromParsableString(key);
        return context.GetCompatibleSilos(target).Contains(wanted)
            ? Task.FromResult(wanted)
            : Task.FromException<SiloAddress>(new SiloUnavailableException($"silo {key} is not an active member of the cluster"));
    }
}
