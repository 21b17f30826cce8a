using Concurrency.Abstractions;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Settings of <see cref="NativeExperiment"/>: <paramref name="Kernels"/> kernel calls, one after another, each the
/// Leibniz sum over <paramref name="Terms"/> terms, while the same activation is pinged <paramref name="Rate"/> times a second.
/// </summary>
public sealed record NativeSettings(int Kernels, long Terms, int Rate) : ExperimentSettings
{
    internal TermRange Range => new(0, Terms);
}
