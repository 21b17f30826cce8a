using Concurrency.Client.Experiments.Isolation;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Settings of <see cref="SubinterpretersExperiment"/>: <paramref name="Starts"/> starts timed per way (activations
/// get ten times as many), <paramref name="Calls"/> messages of <paramref name="Bytes"/> bytes, and whether a silo
/// process is started at all (--quick skips it).
/// </summary>
public sealed record SubinterpretersSettings(int Starts, int Bytes, int Calls, bool SiloProcess = true, [property: System.Text.Json.Serialization.JsonIgnore] CopySegments? Segments = null) : ExperimentSettings
{
    /// <summary>Where a copy's cost a byte changes: this machine's, unless a test gives others.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public CopySegments Boundaries => Segments ?? CopySegments.ThisMachine;

    /// <summary>
    /// The two sizes each way's message line is fitted on: the ends, on the sweep's ladder, of the segment
    /// <see cref="Bytes"/> fall in (a copy's cost a byte changes at the large-object threshold and past the core's
    /// cache: <see cref="CopySegments"/>), with <see cref="Bytes"/> strictly between; null where the segment has under two.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public (long Low, long High)? FitSizes => Boundaries.EndsOn(Bytes);

    /// <summary>The sizes a way's messages are timed at, in interleaved rounds: the two the line is fitted on and the one it predicts.</summary>
    public IReadOnlyList<long> Sizes => FitSizes is var (low, high) ? [low, Bytes, high] : [Bytes];
}
