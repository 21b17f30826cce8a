using Concurrency.Abstractions;
using Concurrency.Grains.Telemetry;
using Concurrency.Grains.Tracing;

namespace Concurrency.Grains;

/// <summary>
/// The work both cruncher grains do, in one place. Each call first yields, then computes without awaiting: one call,
/// one turn. The yield hands the thread back to the silo's scheduler between calls. Without it, an activation with
/// calls queued (four jobs' chunks sent to one grain) would run them back to back in one unbroken stretch, which
/// Orleans reports as a single task running for minutes; with it, each chunk is a turn of its own, and requests that
/// queued meanwhile (a reentrant handler's) run before it, as a well-behaved coroutine would
/// <c>await asyncio.sleep(0)</c> between chunks. The computation itself never awaits, so it holds its activation, and
/// its thread, until it is done. That is why callers cut big jobs into chunks.
/// A cancelled call stops before it starts computing: a chunk is at most about 0.2 s of work, so a cancelled job
/// stops within one chunk. <see cref="Running"/> counts the calls computing right now in this silo, and each cruncher
/// grain class's <see cref="RunningCrunches"/> gauge shows them on /metrics.
/// </summary>
internal static class Crunching
{
    private static int _running;

    public static int Running => Volatile.Read(ref _running);

    public static ValueTask<double> SumTerms(RunningCrunches gauge, TermRange range, CancellationToken cancellationToken) =>
        OneTurnAsync(gauge, range, static r => LeibnizKernel.Sum(r), cancellationToken);

    public static ValueTask<double[]> SumEach(RunningCrunches gauge, long first, int count, long termsPerItem, CancellationToken cancellationToken) =>
        OneTurnAsync(gauge, (first, count, termsPerItem), static a => PiItems.SumEach(a.first, a.count, a.termsPerItem), cancellationToken);

    public static ValueTask<WorkDigest> Map(RunningCrunches gauge, WorkBatch batch, CancellationToken cancellationToken) =>
        OneTurnAsync(gauge, batch, b => WorkFunctions.Run(b, cancellationToken), cancellationToken);

    private static async ValueTask<TResult> OneTurnAsync<TArg, TResult>(RunningCrunches gauge, TArg arg, Func<TArg, TResult> work, CancellationToken cancellationToken)
    {
        // The yield is over at once: until the chunk runs, the call is queued for its activation, not awaiting.
        await CallTurns.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _running);
        gauge.Started();
        try
        {
            return work(arg);
        }
        finally
        {
            gauge.Finished();
            Interlocked.Decrement(ref _running);
        }
    }
}
