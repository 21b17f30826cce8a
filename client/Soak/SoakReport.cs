namespace Concurrency.Client.Soak;

/// <summary>
/// A soak run: experiments in a loop against one cluster, the silo sampled after each iteration, then every idle
/// activation collected. <see cref="Settled"/> is the sample after that collection, back at the starting activation
/// count (plus <see cref="SoakCommand.ActivationSlack"/>) with no crunch or timer left, or null if it was not.
/// </summary>
public sealed record SoakReport(
    double DurationSeconds,
    int Iterations,
    int ExperimentsRun,
    IReadOnlyList<string> Failures,
    SoakSample Baseline,
    IReadOnlyList<SoakSample> Samples,
    SoakSample? Settled,
    bool Complete)
{
    /// <summary>Healthy: every experiment ran, and the silo went back to its idle activation count.</summary>
    public bool Healthy => Failures.Count == 0 && Settled is not null;
}
