using Concurrency.Abstractions;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Settings of <see cref="MixedExperiment"/>: <paramref name="Requests"/> I/O requests sent at <paramref name="Rate"/>
/// a second, each a download of <paramref name="Latency"/>, while <paramref name="Jobs"/> pi jobs of
/// <paramref name="Terms"/> terms arrive evenly through the stream. <paramref name="ChunkTerms"/> is the most terms one
/// turn crunches.
/// </summary>
public sealed record MixedSettings(int Requests, int Rate, TimeSpan Latency, int Jobs, long Terms, long ChunkTerms = PiJob.DefaultChunkTerms) : ExperimentSettings
{
    /// <summary>How long the client keeps sending requests.</summary>
    public TimeSpan Stream => TimeSpan.FromSeconds((double)Requests / Rate);

    public long ChunksPerJob => Job.ChunkCount;

    internal PiJob Job => new(Terms, PiKernel.Scalar, ChunkTerms);

    /// <summary>When request i is sent, after the stream starts.</summary>
    public TimeSpan RequestDue(int i) => TimeSpan.FromSeconds((double)i / Rate);

    /// <summary>When job j arrives: the jobs are spread evenly, each in the middle of its share of the stream.</summary>
    public TimeSpan JobDue(int j) => Stream * ((j + 0.5) / Jobs);
}
