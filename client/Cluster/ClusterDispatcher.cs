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
    private readonly ConcurrentDictionary<WorkKey, (object Value, string? Silo)> _answers = new();
    private readonly ConcurrentDictionary<long, bool> _retriedJobs = new();
    private long _retriedCalls;
    private long _duplicates;

    public SiloRoster Roster => roster;

    /// <summary>Units counted once each, by the silo whose answer counted (units sent to a grain, which Orleans placed, are not listed).</summary>
    public IReadOnlyDictionary<WorkKey, string> RanOn => _answers.Where(a => a.Value.Silo is not null).ToDictionary(a => a.Key, a => a.Value.Silo!);

    /// <summary>Units answered, each counted once.</summary>
    public int Answered => _answers.Count;

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
    public Task<T> RunAsync<T>(WorkKey key, long slot, Func<ISiloDispatcherGrain, CancellationToken, Task<(T Value, string Silo)>> call, CancellationToken cancellationToken)
        where T : notnull =>
        SendUntilAnsweredAsync(
            key,
            async (attempt, token) =>
            {
                var (silo, departed) = await roster.PickAsync(slot + attempt, token);
                return new Placement<T>(silo, async t => { var (value, ranOn) = await call(roster.Dispatcher(silo), t); return (value, ranOn); }, departed);
            },
            cancellationToken);

    /// <summary>
    /// Runs unit <paramref name="key"/> as a call to a grain, which Orleans places (an ordinary grain where it was
    /// activated, a stateless worker on the gateway's silo): the client does not know which silo holds the call, so
    /// the call races every silo's departure, and a death anywhere sends it again. Orleans activates the grain anew on
    /// a live silo for the new call if its silo was the one that died; if not, the first call may still answer, and
    /// whichever answers first counts.
    /// </summary>
    public Task<T> ResendAsync<T, TGrain>(WorkKey key, TGrain grain, Func<TGrain, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : notnull
        where TGrain : IAddressable =>
        SendUntilAnsweredAsync(
            key,
            // The call keeps the run's own token, not the departure's: were its silo alive, cancelling it would abort
            // work that may yet answer first.
            async (_, token) =>
            {
                if (observer is not null)
                {
                    await observer.SendingToGrainAsync(key, grain.GetGrainId(), token);
                }

                // Placed by Orleans, the call may reach a silo whose death is still settling: it races that too.
                return new Placement<T>(null, async _ => (await call(grain, cancellationToken), (string?)null), roster.AnyDeparture, roster.Settling);
            },
            cancellationToken);

    /// <summary>
    /// How many times one unit's call may fail (not counting calls abandoned because a silo left) before its failure is
    /// the run's: only a cluster that keeps refusing it gets there.
    /// </summary>
    public const int MostFailures = 20;

    private async Task<T> SendUntilAnsweredAsync<T>(WorkKey key, Func<int, CancellationToken, Task<Placement<T>>> place, CancellationToken cancellationToken)
        where T : notnull
    {
        var failures = 0;
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

            var placement = await place(attempt, cancellationToken);
            using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, placement.Departed, placement.Settled);
            observer?.Sent(key, placement.Silo);
            var sent = placement.Call(abandon.Token);
            try
            {
                var answer = await sent.WaitAsync(abandon.Token);
                Record(key, answer);
                return (T)_answers[key].Value;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && Resubmits(e, placement) && (e is OperationCanceledException || ++failures < MostFailures))
            {
                if (e is not OperationCanceledException)
                {
                    observer?.Failed(key, e);
                }

                if (e is OperationCanceledException)
                {
                    // Abandoned, outcome unknown: should the call still answer, that answer is recorded like any other.
                    _ = sent.ContinueWith(t => Record(key, t.Result), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                }

                _retriedJobs.TryAdd(key.Job, true);
                Interlocked.Increment(ref _retriedCalls);
                if (placement.Silo is { } silo)
                {
                    await roster.SuspectAsync(silo, cancellationToken);
                }
                else if (e is not OperationCanceledException)
                {
                    // Refused where Orleans placed it (a gateway lost, a silo leaving): membership may take a few
                    // seconds to say so, so wait a refresh before sending again rather than spin on the refusals.
                    await Task.Delay(SiloRoster.RefreshEvery, cancellationToken);
                    await roster.RefreshAsync(cancellationToken);
                }
            }
        }
    }

    /// <summary>
    /// Where one try of a unit goes: a silo the client chose (null where Orleans places it), the call, and the tokens
    /// it races: its silo's departure (any departure, where Orleans places it) and, sent while a death settles, the
    /// end of that settling.
    /// </summary>
    private sealed record Placement<T>(string? Silo, Func<CancellationToken, Task<(T Value, string? Silo)>> Call, CancellationToken Departed, CancellationToken Settled = default);

    private static bool Resubmits<T>(Exception e, Placement<T> placement) =>
        Resubmits(e, placement.Departed) || (e is OperationCanceledException && placement.Settled.IsCancellationRequested);

    private static bool Resubmits(Exception e, CancellationToken departed) =>
        e is OperationCanceledException ? departed.IsCancellationRequested : Failure.Classify(e) != FailureKind.Fatal;

    /// <summary>Counts an answer once: the first for its key wins, later ones (from retries of unknown outcome) are discarded.</summary>
    private void Record<T>(WorkKey key, (T Value, string? Silo) answer)
        where T : notnull
    {
        if (!_answers.TryAdd(key, (answer.Value, answer.Silo)))
        {
            Interlocked.Increment(ref _duplicates);
        }
    }
}
