using Concurrency.Abstractions;
using Concurrency.Client.Cluster;

namespace Concurrency.Client.Executors;

/// <summary>The executors by name, as the executors experiment offers them.</summary>
public static class ExecutorCatalog
{
    public const string Inline = "inline";
    public const string SingleGrain = "single-grain";
    public const string StatelessPool = "stateless-pool";
    public const string Cluster = "cluster";

    public static IReadOnlyList<string> Names { get; } = [Inline, SingleGrain, StatelessPool, Cluster];

    /// <summary>
    /// An executor on <paramref name="grains"/>. Two batches in flight per core keep every worker busy while a reply
    /// travels, and keep the queue on one grain short enough that no call waits long. The grain executors send their
    /// batches through <paramref name="units"/>, a resend path, where one is given.
    /// </summary>
    public static IExecutor Create(string name, IGrainFactory grains, int cores, long key, IClusterObserver? observer = null, ClusterDispatcher? units = null) => name switch
    {
        Inline => new InlineExecutor(),
        SingleGrain => new GrainExecutor(name, _ => grains.GetGrain<INumberCruncherGrain>(key), 2 * cores, units),
        StatelessPool => new GrainExecutor(name, batch => grains.AtPoolKey(batch, cores), 2 * cores, units),
        Cluster => new ClusterExecutor(grains, observer),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown executor"),
    };
}
