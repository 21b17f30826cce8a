using Concurrency.Client.Experiments.Isolation;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Settings of <see cref="CommunicationExperiment"/>: payloads from 1 KiB up to <paramref name="Largest"/> bytes,
/// twice as large each step (<see cref="CopySegments.Ladder"/>), and at most <paramref name="Calls"/> timed calls a size; <paramref name="SiloProcess"/>
/// false skips the silo-processes path (--quick does: a silo process takes seconds to start).
/// </summary>
public sealed record CommunicationSettings(int Largest, int Calls, bool SiloProcess = true) : ExperimentSettings
{
    public IReadOnlyList<long> Sizes => CopySegments.Ladder(Largest);
}
