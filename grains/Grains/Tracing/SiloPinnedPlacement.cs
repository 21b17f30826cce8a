using Orleans.Placement;

namespace Concurrency.Grains.Tracing;

/// <summary>Places an activation on the silo whose address (<c>SiloAddress.ToParsableString()</c>) is the grain's key.</summary>
[GenerateSerializer, Immutable]
public sealed class SiloPinnedPlacement : PlacementStrategy
{
    public static SiloPinnedPlacement Instance { get; } = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloPinnedPlacementAttribute() : PlacementAttribute(SiloPinnedPlacement.Instance);
