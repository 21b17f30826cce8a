using Concurrency.Abstractions;
using Concurrency.Client.Experiments;

namespace Concurrency.Tests.ModelTests;

/// <summary>The free-cores reading crunches a probe cut to about <see cref="PiCosts.ProbeTime"/>, never more than the job.</summary>
public sealed class FreeCoresProbeTests
{
    private static readonly PiJob Job = new(Terms: 300_000_000, PiKernel.Scalar, ChunkTerms: 50_000_000);

    [Fact]
    public void A_job_longer_than_the_probe_time_is_cut_to_the_terms_that_take_that_long()
    {
        // 1.2 s a job: 0.2 s is a sixth of its terms, in one chunk (the job's chunks are larger).
        var probe = PiCosts.Probe(Job, t1Seconds: 1.2);

        Assert.Equal(new PiJob(50_000_000, PiKernel.Scalar, ChunkTerms: 50_000_000), probe);
    }

    [Fact]
    public void A_long_job_of_small_chunks_keeps_its_chunks()
    {
        var probe = PiCosts.Probe(Job with { ChunkTerms = 10_000_000 }, t1Seconds: 2.4);

        Assert.Equal(new PiJob(25_000_000, PiKernel.Scalar, ChunkTerms: 10_000_000), probe);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.05)]
    public void A_job_no_longer_than_the_probe_time_is_the_probe(double t1Seconds) =>
        Assert.Same(Job, PiCosts.Probe(Job, t1Seconds));
}
