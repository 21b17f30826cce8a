namespace Concurrency.Client.Results;

/// <summary>
/// What the experiments ran on: how many silos, whether in the client's own process, how many cores the silo behind
/// the gateway has, and the cluster's shape (what the models are evaluated for).
/// </summary>
public sealed record ClusterInfo(int Silos, bool Embedded, int ProcessorCount, ClusterShape Shape)
{
    /// <summary>One silo with this machine's cores: what a test cluster in this process is.</summary>
    public static ClusterInfo Local(int silos = 1, bool embedded = true) =>
        new(silos, embedded, Environment.ProcessorCount, new ClusterShape(silos, Environment.ProcessorCount, 1, Environment.ProcessorCount));
}
