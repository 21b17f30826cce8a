using Concurrency.Abstractions;
using Concurrency.Grains.Telemetry;
using Concurrency.Grains.Tracing;

namespace Concurrency.Grains;

/// <summary>
/// An ordinary activation, which is the GIL: one turn at a time, so pi jobs sent to it together are crunched one
/// after another, and its counter, incremented by racy read-modify-write code, never loses an update, because no
/// two turns overlap. <see cref="CrunchOnThreads"/> and <see cref="CountOnThreads"/> step outside that rule inside
/// one call: they start plain threads, which run on every core at once (free-threaded Python, or Jython) and share
/// whatever the call shares with them, with no turn to serialize them: the same counter code now loses updates.
/// Not reentrant: the turns are the point.
/// </summary>
[LaneRole("free-threading counter")]
[CollectionAgeLimit(GrainLifetime.IdleLimit)]
public sealed class FreeThreadingGrain(LabMeter meter) : Grain, IFreeThreadingGrain
{
    private readonly UnsynchronizedCounter _counter = new();

    private readonly RunningCrunches _running = meter.CrunchesOf(typeof(FreeThreadingGrain));

    public ValueTask<double> SumTerms(TermRange range, CancellationToken cancellationToken) => Crunching.SumTerms(_running, range, cancellationToken);

    /// <summary>Grain state updated in a turn: the turns of this activation never overlap, so no lock is needed.</summary>
    public ValueTask<long> CountInTurn(int increments, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _counter.Add(increments);
        return ValueTask.FromResult(_counter.Value);
    }

    /// <summary>Each thread crunches a whole job with the very chunks a grain would get, so its pi is the same to the bit.</summary>
    public async ValueTask<double[]> CrunchOnThreads(PiJob job, int threads, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var results = new double[threads];
        await FreeThreads.RunAsync(threads, i => results[i] = job.RunAsync(static (chunk, _) => ValueTask.FromResult(LeibnizKernel.Sum(chunk))).GetAwaiter().GetResult());
        return results;
    }

    /// <summary>One counter shared by free threads, with the turn-safe code and no lock: updates get lost.</summary>
    public async ValueTask<long> CountOnThreads(int threads, int increments, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var shared = new UnsynchronizedCounter();
        await FreeThreads.RunAsync(threads, _ => shared.Add(increments));
        return shared.Value;
    }
}
