namespace Concurrency.Client.Cluster;

/// <summary>
/// With --verbose, a line for each setup step of a cluster strategy and for each silo that membership drops while
/// the strategy runs: what a person (or a test driving real processes) watches to see where a run stands when a
/// machine dies. Units of work are not printed: there are thousands.
/// </summary>
public sealed class ProgressClusterObserver(TextWriter writer) : IClusterObserver
{
    public ValueTask EnteringAsync(ClusterPhase phase, IReadOnlyList<string> silos, CancellationToken cancellationToken)
    {
        writer.WriteLine($"cluster: {Step(phase)}, {silos.Count} silos: {string.Join(' ', silos)}");
        return ValueTask.CompletedTask;
    }

    public void Ready(IReadOnlyList<string> silos) => writer.WriteLine($"cluster: ready, {silos.Count} silos: {string.Join(' ', silos)}");

    public void Left(string silo) => writer.WriteLine($"cluster: {silo} left: membership declared it dead");

    public void Dropped(string silo) => writer.WriteLine($"cluster: {silo} dropped: describing it failed as if it were gone");

    public ValueTask SendingAsync(WorkKey key, SiloRoster roster, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Sent(WorkKey key, string? silo)
    {
    }

    private static string Step(ClusterPhase phase) => phase switch
    {
        ClusterPhase.Roster => "roster",
        ClusterPhase.Describe => "describe",
        ClusterPhase.WarmUp => "warm-up",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "not a cluster setup step"),
    };
}
