using Concurrency.Abstractions;

namespace Concurrency.Grains;

/// <summary>
/// The work both cruncher grains do, in one place. Each call is pure computation inside one turn: it never awaits,
/// so it holds its activation (and a thread) from start to end. That is why callers cut big jobs into chunks.
/// A cancelled call stops before it starts computing: a chunk is at most about 0.2 s of work, so a cancelled job
/// stops within one chunk. <see cref="Running"/> counts the calls computing right now in this silo.
/// </summary>
internal static class Crunching
{
    private static int _running;

    public static int Running => Volatile.Read(ref _running);

    public static ValueTask<double> SumTerms(TermRange range, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Counted(range, static r => LeibnizKernel.Sum(r), cancellationToken));

    public static ValueTask<double[]> SumEach(long first, int count, long termsPerItem, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Counted((first, count, termsPerItem), static a => PiItems.SumEach(a.first, a.count, a.termsPerItem), cancellationToken));

    public static ValueTask<WorkDigest> Map(WorkBatch batch, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Counted(batch, b => WorkFunctions.Run(b, cancellationToken), cancellationToken));

    private static TResult Counted<TArg, TResult>(TArg arg, Func<TArg, TResult> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _running);
        try
        {
            return work(arg);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
