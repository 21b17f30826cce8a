using Concurrency.Abstractions;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Settings of <see cref="FreeThreadingExperiment"/>: <paramref name="Jobs"/> pi jobs of <paramref name="Terms"/> terms,
/// then a counter incremented <paramref name="Increments"/> times by each of <paramref name="Jobs"/> workers.
/// </summary>
public sealed record FreeThreadingSettings(int Jobs, long Terms, int Increments, long ChunkTerms = PiJob.DefaultChunkTerms) : ExperimentSettings
{
    /// <summary>What the counter must read if no increment is lost.</summary>
    public long ExpectedCount => (long)Jobs * Increments;

    internal PiJob Job => new(Terms, PiKernel.Scalar, ChunkTerms);
}
