using Concurrency.Abstractions;

namespace Concurrency.Grains;

/// <summary>
/// The work both cruncher grains do, in one place. Each call is pure computation inside one turn: it never awaits,
/// so it holds its activation (and a thread) from start to end. That is why callers cut big jobs into chunks.
/// </summary>
internal static class Crunching
{
    public static ValueTask<double> SumTerms(TermRange range, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(LeibnizKernel.Sum(range));
    }

    public static ValueTask<double[]> SumEach(long first, int count, long termsPerItem, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(PiItems.SumEach(first, count, termsPerItem));
    }

    public static ValueTask<WorkDigest> Map(WorkBatch batch, CancellationToken cancellationToken) =>
        ValueTask.FromResult(WorkFunctions.Run(batch, cancellationToken));
}
