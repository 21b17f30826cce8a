namespace Concurrency.Client.Soak;

/// <summary>
/// A soak run: experiments in a loop against one cluster, the silo sampled after each iteration, then left idle until
/// the soak's grains have been collected. <see cref="Settled"/> is the first sample back at the starting activation
/// count (plus <see cref="SoakCommand.ActivationSlack"/>), or null if that did not happen within the settle limit.
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
