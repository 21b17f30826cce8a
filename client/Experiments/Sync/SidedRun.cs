namespace Concurrency.Client.Experiments;

/// <summary>One batch size read both ways: the synchronous loop's fastest round and the concurrent path's.</summary>
public sealed record SidedRun(int Files, double SyncSeconds, double PathSeconds)
{
    public double PathOverSync => PathSeconds / SyncSeconds;
}
