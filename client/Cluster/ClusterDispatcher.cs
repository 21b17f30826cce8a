using System.Collections.Concurrent;
using Concurrency.Abstractions;

namespace Concurrency.Client.Cluster;

/// <summary>
/// Sends units of work to the silos of the cluster, each to one silo's <see cref="ISiloDispatcherGrain"/>, and gets
/// every unit's answer exactly once whatever silos die on the way.
///
/// Orleans does not resend a call when its silo dies; the caller must. So a unit whose call fails as "not done" is
/// sent again to another silo, and a unit whose outcome is unknown (a timeout, or a call abandoned because membership
/// declared its silo dead) is sent again too, while the first call is left to finish if it can. Answers are recorded
/// by <see cref="WorkKey"/>: the first answer for a key counts, any later one is a duplicate and is discarded. The
/// work is a pure function of its key, so whichever answer counts, the result is the same to the last bit.
/// </summary>
public sealed class ClusterDispatcher(SiloRoster roster, IClusterObserver? observer = null)
{
    private readonly ConcurrentDictionary<WorkKey, (object Value, string Silo)> _answers = new();
    private readonly ConcurrentDictionary<long, bool> _retriedJobs = new();
    private long _retriedCalls;
    private long _duplicates;

    public SiloRoster Roster => roster;

    /// <summary>Units counted once each, by the silo whose answer counted.</summary>
    public IReadOnlyDictionary<WorkKey, string> RanOn => _answers.ToDictionary(a => a.Key, a => a.Value.Silo);

    /// <summary>Jobs that had at least one unit sent again.</summary>
    public int RetriedJobs => _retriedJobs.Count;

    /// <summary>Calls sent again, all jobs together.</summary>
    public long RetriedCalls => Interlocked.Read(ref _retriedCalls);

    /// <summary>Answers that came for a unit already answered, and were discarded.</summary>
    public long DuplicatesDiscarded => Interlocked.Read(ref _duplicates);

    public Task<double> SumTermsAsync(WorkKey key, long slot, TermRange range, CancellationToken cancellationToken) =>
        RunAsync(key, slot, async (dispatcher, token) => { var r = await dispatcher.SumTerms(range, token); return (r.Sum, r.Silo); }, cancellationToken);

    public Task<WorkDigest> MapAsync(WorkKey key, long slot, WorkBatch batch, CancellationToken cancellationToken) =>
        RunAsync(key, slot, async (dispatcher, token) => { var r = await dispatcher.Map(batch, token); return (r.Digest, r.Silo); }, cancellationToken);

    /// <summary>
    /// Activates every active silo's dispatcher and its lanes, so a timed run measures work, not activation. A silo
    /// that leaves meanwhile is simply not warmed: each call races its silo's departure, so none waits out a timeout.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var silos = roster.Active;
        if (observer is not null)
        {
            await observer.EnteringAsync(ClusterPhase.WarmUp, [.. silos.Select(s => s.Address)], cancellationToken);
        }

        await Task.WhenAll(silos.SelectMany(silo => Enumerable.Range(0, silo.ProcessorCount).Select(_ => WarmAsync(silo.Address, cancellationToken))));
    }

    private async Task WarmAsync(string silo, CancellationToken cancellationToken)
    {
        var departed = roster.Departure(silo);
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, departed);
        try
        {
            await roster.Dispatcher(silo).SumTerms(new TermRange(0, 0), abandon.Token).AsTask().WaitAsync(abandon.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && Resubmits(e, departed))
        {
            // Gone, or failing as if it were: nothing to warm there, and no chunk will be sent there while it is suspected.
            await roster.SuspectAsync(silo, cancellationToken);
        }
    }

    /// <summary>Runs unit <paramref name="key"/> on the silo of slot <paramref name="slot"/>, again elsewhere until one answer counts.</summary>
    public async Task<T> RunAsync<T>(WorkKey key, long slot, Func<ISiloDispatcherGrain, CancellationToken, Task<(T Value, string Silo)>> call, CancellationToken cancellationToken)
        where T : notnull
    {
        for (var attempt = 0; ; attempt++)
        {
            if (_answers.TryGetValue(key, out var known))
            {
                // An abandoned earlier call answered while we were choosing a silo: that answer counts.
                return (T)known.Value;
            }

            if (observer is not null)
            {
                await observer.SendingAsync(key, roster, cancellationToken);
            }

            var (silo, departed) = await roster.PickAsync(slot + attempt, cancellationToken);
            using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, departed);
            observer?.Sent(key, silo);
            var sent = call(roster.Dispatcher(silo), abandon.Token);
            try
            {
                var answer = await sent.WaitAsync(abandon.Token);
                Record(key, answer);
                return (T)_answers[key].Value;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && Resubmits(e, departed))
            {
                if (e is OperationCanceledException)
                {
                    // Abandoned, outcome unknown: should the call still answer, that answer is recorded like any other.
                    _ = sent.ContinueWith(t => Record(key, t.Result), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                }

                _retriedJobs.TryAdd(key.Job, true);
                Interlocked.Increment(ref _retriedCalls);
                await roster.SuspectAsync(silo, cancellationToken);
            }
        }
    }

    private static bool Resubmits(Exception e, CancellationToken departed) =>
        e is OperationCanceledException ? departed.IsCancellationRequested : Failure.Classify(e) != FailureKind.Fatal;

    /// <summary>Counts an answer once: the first for its key wins, later ones (from retries of unknown outcome) are discarded.</summary>
    private void Record<T>(WorkKey key, (T Value, string Silo) answer)
        where T : notnull
    {
        if (!_answers.TryAdd(key, (answer.Value, answer.Silo)))
        {
            Interlocked.Increment(ref _duplicates);
        }
    }
}
