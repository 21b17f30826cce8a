using Concurrency.Abstractions;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>Settings of <see cref="CpuExperiment"/>. <paramref name="ChunkTerms"/> is the most terms one grain turn computes.</summary>
public sealed record CpuSettings(int Jobs, long Terms, PiKernel Kernel, long ChunkTerms = PiJob.DefaultChunkTerms) : ExperimentSettings
{
    public long ChunksPerJob => new PiJob(Terms, Kernel, ChunkTerms).ChunkCount;

    internal PiJob Job => new(Terms, Kernel, ChunkTerms);
}
