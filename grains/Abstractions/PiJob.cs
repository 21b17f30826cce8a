namespace Concurrency.Abstractions;

/// <summary>
/// One pi job of <see cref="Terms"/> Leibniz terms, cut into chunks of at most <see cref="ChunkTerms"/> terms.
/// A chunk is one grain turn; a job is many turns, so however large the job, no turn runs long enough to hog its
/// activation (Orleans warns past 1 s) and no call waits near the 30 s response timeout. Chunk boundaries depend
/// only on the job, and partial sums are added in chunk order, so every strategy returns the very same pi.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.pi-job")]
public sealed record PiJob(long Terms, PiKernel Kernel = PiKernel.Scalar, long ChunkTerms = PiJob.DefaultChunkTerms)
{
    /// <summary>About 0.16 s of the scalar loop on one core (0.04 s with SIMD): a short turn, yet a tiny share of overhead.</summary>
    public const long DefaultChunkTerms = 100_000_000;

    public long ChunkCount => (Terms + ChunkTerms - 1) / ChunkTerms;

    public IEnumerable<TermRange> Chunks()
    {
        for (var start = 0L; start < Terms; start += ChunkTerms)
        {
            yield return new TermRange(start, Math.Min(Terms, start + ChunkTerms), Kernel);
        }
    }

    /// <summary>
    /// Runs the job chunk after chunk through <paramref name="crunch"/> (a grain, or a local call) and returns pi.
    /// One chunk in flight per job: a caller that runs N jobs has at most N calls queued on any cruncher, so no call
    /// waits behind a whole backlog of chunks. <paramref name="chunkDone"/> is told after each chunk.
    /// </summary>
    public async Task<double> RunAsync(Func<TermRange, CancellationToken, ValueTask<double>> crunch, Action? chunkDone = null, CancellationToken cancellationToken = default)
    {
        var sum = 0.0;
        foreach (var chunk in Chunks())
        {
            // Between chunks is where a cancelled job stops: a local crunch ignores the token, a grain call may not see it.
            cancellationToken.ThrowIfCancellationRequested();
            sum += await crunch(chunk, cancellationToken);
            chunkDone?.Invoke();
        }

        return 4 * sum;
    }

    /// <summary>
    /// Offloads the job to the stateless cruncher pool of the silo that handles the call, on pool key
    /// <paramref name="job"/> of <paramref name="keys"/> (give each concurrent job its own key, keys = cores).
    /// </summary>
    public Task<double> RunOnPoolAsync(IGrainFactory grains, long job, int keys, Action? chunkDone = null, CancellationToken cancellationToken = default) =>
        RunAsync(grains.AtPoolKey(job, keys).SumTerms, chunkDone, cancellationToken);
}
