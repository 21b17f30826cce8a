using Concurrency.Client.Experiments.Isolation;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Settings of <see cref="SpawnExperiment"/>: <paramref name="Samples"/> starts of each cheap rung (a thread, a task,
/// a warm call), <paramref name="Activations"/> first calls to fresh grains, <paramref name="SiloStarts"/> starts of
/// a silo in this process and <paramref name="ProcessStarts"/> of a silo process (0 skips a rung), and
/// <paramref name="Tasks"/> break-even task pairs per strategy.
/// </summary>
public sealed record SpawnSettings(int Samples, int Activations, int SiloStarts, int ProcessStarts, int Tasks) : ExperimentSettings;
