namespace Concurrency.Client.Experiments;

/// <summary>Grain keys for one run.</summary>
public static class GrainKeys
{
    /// <summary>A key range no other run uses, so concurrent runs (several clients, repeated tests) never queue on each other's grains.</summary>
    public static long NewBase() => Random.Shared.NextInt64(1L << 40, 1L << 62);
}
