using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Settings of <see cref="SyncExperiment"/>: <paramref name="Files"/> files of <paramref name="FileBytes"/> bytes each,
/// every strategy reading all of them once a round for <paramref name="Rounds"/> rounds (the figure is the fastest round).
/// </summary>
public sealed record SyncSettings(int Files, int FileBytes, int Rounds) : ExperimentSettings
{
    /// <summary>The costs are fitted on 1 file and on this many, so the count the strategies run at is a prediction, not a fitted point.</summary>
    public int FitFiles => 4 * Files;

    /// <summary>How many rounds a batch of <paramref name="files"/> gets: fewer for big batches, so each reads about as much as one of <see cref="Files"/>.</summary>
    public int RoundsFor(int files) => Math.Clamp((int)((long)Rounds * Files / Math.Max(1, files)), Math.Min(Rounds, SyncExperiment.MinRounds), Rounds);
}
