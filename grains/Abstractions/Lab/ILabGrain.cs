namespace Concurrency.Abstractions.Lab;

/// <summary>
/// The lab page's view of one silo, keyed by that silo's address (<c>SiloAddress.ToParsableString()</c>) and placed
/// on exactly that silo. The client tells every silo what it runs and what it found; the page of any silo asks every
/// silo for a <see cref="LabSample"/>, and a silo records calls for the page only while someone keeps asking.
/// </summary>
public interface ILabGrain : IGrainWithStringKey
{
    ValueTask Running(string experiment, string strategy, CancellationToken cancellationToken = default);

    ValueTask StrategyFinished(LabStrategyResult result, CancellationToken cancellationToken = default);

    ValueTask ExperimentFinished(LabVerdict verdict, CancellationToken cancellationToken = default);

    /// <summary>A silo was declared dead mid-run: the strategy carries its work on (it resends it), and the page marks the moment.</summary>
    ValueTask SiloLost(LabSiloLoss loss, CancellationToken cancellationToken = default);

    ValueTask<LabRun> Run(CancellationToken cancellationToken = default);

    /// <summary>Hands over what this silo did since the last sample, and keeps it recording for the page a while longer.</summary>
    ValueTask<LabSample> Sample(CancellationToken cancellationToken = default);

    /// <summary>What this silo kept whether or not a page was open (its pool's last minute, its recent and running calls), so a page opened mid-run draws it at once.</summary>
    ValueTask<LabSiloHistory> History(CancellationToken cancellationToken = default);
}
