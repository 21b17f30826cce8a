using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Settings of <see cref="ColoringExperiment"/>: <paramref name="Requests"/> requests, one after another, each a call
/// chain A -> B -> A whose B waits <paramref name="Latency"/> of simulated I/O; a blocking wait gives up after
/// <paramref name="DeadlockTimeout"/>. The activation is pinged <paramref name="Rate"/> times a second meanwhile.
/// </summary>
public sealed record ColoringSettings(int Requests, TimeSpan Latency, TimeSpan DeadlockTimeout, int Rate) : ExperimentSettings
{
    /// <summary>The client's own limit on one request: the grain's deadlock timeout and a second for the round trip.</summary>
    public TimeSpan ClientTimeout => DeadlockTimeout + ColoringExperiment.DetectionSlack;
}
