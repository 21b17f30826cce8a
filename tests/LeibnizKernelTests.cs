using Concurrency.Abstractions;

namespace Concurrency.Tests;

/// <summary>The pi kernel: the SIMD loop agrees with the article's loop, and chunks add up to the whole job.</summary>
public sealed class LeibnizKernelTests
{
    private const double Relative = 1e-12;

    [Theory]
    [InlineData(0L, 10_000_000L)]
    [InlineData(3L, 1_000_003L)]
    [InlineData(12_345_677L, 13_000_000L)]
    [InlineData(5L, 7L)]
    [InlineData(9_999_999_990L, 10_000_000_000L)]
    public void Simd_moves_pi_by_less_than_1e_12_relative(long start, long end)
    {
        var scalar = LeibnizKernel.Scalar(start, end);
        var simd = LeibnizKernel.Simd(start, end);

        // A range far from 0 sums to almost nothing (its terms cancel), so the bound is on what it adds to pi.
        Assert.True(4 * Math.Abs(simd - scalar) <= Relative * Math.PI, $"simd {simd:R} vs scalar {scalar:R}");
    }

    [Fact]
    public void The_series_converges_to_pi()
    {
        var pi = 4 * LeibnizKernel.Scalar(0, 1_000_000);

        // The Leibniz series' error after n terms is about 1/n.
        Assert.InRange(Math.Abs(pi - Math.PI), 0, 2e-6);
    }

    [Theory]
    [InlineData(PiKernel.Scalar)]
    [InlineData(PiKernel.Simd)]
    public async Task A_chunked_job_gives_the_unchunked_sum(PiKernel kernel)
    {
        const long Terms = 10_000_000;
        var chunked = new PiJob(Terms, kernel, ChunkTerms: 1_234_567);
        var chunks = 0;

        var pi = await chunked.RunAsync((chunk, _) => ValueTask.FromResult(LeibnizKernel.Sum(chunk)), () => chunks++);

        var whole = 4 * LeibnizKernel.Scalar(0, Terms);
        Assert.Equal(chunked.ChunkCount, chunks);
        Assert.True(Math.Abs(pi - whole) <= Relative * whole, $"chunked {pi:R} vs whole {whole:R}");
    }

    [Fact]
    public void Ten_billion_terms_are_cut_into_short_contiguous_chunks()
    {
        var job = new PiJob(10_000_000_000);

        var chunks = job.Chunks().ToList();

        Assert.Equal(job.ChunkCount, chunks.Count);
        Assert.Equal(0, chunks[0].Start);
        Assert.Equal(job.Terms, chunks[^1].End);
        Assert.All(chunks.Zip(chunks.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
        Assert.All(chunks, c => Assert.InRange(c.Count, 1, PiJob.DefaultChunkTerms));
    }
}
