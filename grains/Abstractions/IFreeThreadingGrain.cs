namespace Concurrency.Abstractions;

/// <summary>
/// One ordinary activation that runs the same work two ways: in its turns, one at a time (the activation's rule is
/// the GIL), or on plain threads it starts inside one call, which step outside the turn model altogether. Each way
/// also increments a shared counter with the same unsynchronized code, to show what leaving the turns costs.
/// </summary>
public interface IFreeThreadingGrain : IGrainWithIntegerKey
{
    /// <summary>One chunk of a pi job, crunched in a turn (callers send every job's chunks here at once: they queue).</summary>
    ValueTask<double> SumTerms(TermRange range, CancellationToken cancellationToken = default);

    /// <summary>Increments the activation's counter <paramref name="increments"/> times in this call's turn; returns the counter after.</summary>
    ValueTask<long> CountInTurn(int increments, CancellationToken cancellationToken = default);

    /// <summary>Crunches <paramref name="threads"/> copies of <paramref name="job"/> on as many plain threads at once; returns each one's pi.</summary>
    ValueTask<double[]> CrunchOnThreads(PiJob job, int threads, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts <paramref name="threads"/> plain threads together, each incrementing one shared counter
    /// <paramref name="increments"/> times without synchronization; returns the counter's final value.
    /// </summary>
    ValueTask<long> CountOnThreads(int threads, int increments, CancellationToken cancellationToken = default);
}
