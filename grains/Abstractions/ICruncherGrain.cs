namespace Concurrency.Abstractions;

/// <summary>
/// What a number cruncher does: CPU work, no waiting. Two grain kinds offer it (<see cref="INumberCruncherGrain"/>
/// and <see cref="IStatelessCruncherGrain"/>); they differ only in how many turns can run at once.
/// </summary>
public interface ICruncherGrain : IGrainWithIntegerKey
{
    /// <summary>The Leibniz partial sum over one chunk of terms (not yet times 4).</summary>
    ValueTask<double> SumTerms(TermRange range, CancellationToken cancellationToken = default);

    /// <summary>
    /// Many tiny tasks in one call: the items <c>first .. first + count - 1</c> of <see cref="PiItems"/>, one partial
    /// sum each, in item order.
    /// </summary>
    ValueTask<double[]> SumEach(long first, int count, long termsPerItem, CancellationToken cancellationToken = default);

    /// <summary>Applies a named work function to a range of items and returns the digest of the results.</summary>
    ValueTask<WorkDigest> Map(WorkBatch batch, CancellationToken cancellationToken = default);
}
