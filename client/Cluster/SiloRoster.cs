using System.Diagnostics;
using Concurrency.Abstractions;
using Concurrency.Abstractions.Tracing;

namespace Concurrency.Client.Cluster;

/// <summary>
/// The client's list of active silos, kept fresh while work is out. Orleans' membership is the truth: the management
/// grain lists the silos, then every listed silo is asked for its membership view (<see cref="ISiloDispatcherGrain.Membership"/>)
/// and the first answer counts, so a silo that died a moment ago, and will never answer, is not waited for. Later
/// views are polled every <see cref="RefreshEvery"/>, and a view older than the last one applied is ignored.
///
/// Each silo has a departure token that fires when a view no longer lists it. Every call the client makes to a silo
/// (describing it, warming it, its chunks) races that token, so a call to a silo that membership has declared dead
/// is abandoned at once instead of waiting out the response timeout. The watch runs on its own loop, which no call
/// to a silo ever blocks.
/// </summary>
public sealed class SiloRoster : IAsyncDisposable
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a silo whose call failed is left out of picks, unless membership drops it first.</summary>
    public static readonly TimeSpan SuspectFor = TimeSpan.FromSeconds(10);

    /// <summary>How many times the first listing of the silos is tried when its gateway fails under it: a dead gateway, then another.</summary>
    public const int MostListingTries = 20;

    /// <summary>How long the silos asked for a membership view get to answer before this round of asking gives up.</summary>
    public static readonly TimeSpan AskFor = TimeSpan.FromSeconds(2);

    private readonly IGrainFactory _grains;
    private readonly IClusterObserver? _observer;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);
    private readonly HashSet<string> _gone = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _suspects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SiloInfo> _everSeen = new(StringComparer.Ordinal);
    private readonly List<CancellationTokenSource> _tokens = [];
    private readonly List<Task> _describing = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<SiloLoss> _losses = [];
    private readonly long _started = Stopwatch.GetTimestamp();
    private CancellationTokenSource _anyDeparture = new();
    private readonly DepartureSettle _settle = new(TimeProvider.System);
    private long _version = long.MinValue;
    private string[] _order = [];
    private Task _loop = Task.CompletedTask;

    private SiloRoster(IGrainFactory grains, IClusterObserver? observer)
    {
        _grains = grains;
        _observer = observer;
    }

    /// <summary>Every silo seen active during this roster's life, with its cores and machine.</summary>
    public IReadOnlyList<SiloInfo> Seen
    {
        get
        {
            lock (_lock)
            {
                return [.. _everSeen.Values];
            }
        }
    }

    /// <summary>The silos active and described now, in address order.</summary>
    public IReadOnlyList<SiloInfo> Active
    {
        get
        {
            lock (_lock)
            {
                return [.. _order.Select(a => _members[a].Info!)];
            }
        }
    }

    /// <summary>The silos membership dropped while this roster watched, each with when it was dropped.</summary>
    public IReadOnlyList<SiloLoss> Losses
    {
        get
        {
            lock (_lock)
            {
                return [.. _losses];
            }
        }
    }

    /// <summary>
    /// The token that fires the next time membership drops any silo. A call to a grain goes where Orleans placed it,
    /// which the client does not know, so such a call races every departure: whichever silo left may have held it.
    /// </summary>
    public CancellationToken AnyDeparture
    {
        get
        {
            lock (_lock)
            {
                return _anyDeparture.Token;
            }
        }
    }

    /// <summary>For a call to a grain sent now: fires when a departure that is still settling has settled (see <see cref="DepartureSettle"/>); none if none is.</summary>
    public CancellationToken Settling => _settle.ForCallSentNow();

    /// <summary>
    /// Lists the silos and describes every one that membership holds active. Returns once each is described, or
    /// dropped because membership declared it dead meanwhile: setup survives the loss of any silo but the gateway.
    /// </summary>
    public static async Task<SiloRoster> StartAsync(IGrainFactory grains, IClusterObserver? observer = null, CancellationToken cancellationToken = default)
    {
        // The roster's own calls (membership views, descriptions) are the lab's machinery, not the experiment's work:
        // they go without the run's request context, so a traced run's timeline holds the work alone. (This async
        // method's change to the context does not flow back to its caller; the refresh loop started here inherits it.)
        RequestContext.Clear();
        var roster = new SiloRoster(grains, observer);
        roster._tokens.Add(roster._anyDeparture);
        observer?.RosterStarted();
        try
        {
            MembershipView? view = null;
            for (var tries = 1; view is null; tries++)
            {
                Dictionary<SiloAddress, SiloStatus> hosts;
                try
                {
                    hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken);
                }
                catch (Exception e) when (Failure.Classify(e) == FailureKind.NotDone && tries < MostListingTries && !cancellationToken.IsCancellationRequested)
                {
                    // The gateway the listing went through died a moment ago (the call never ran): the client moves
                    // to another gateway, so ask again after a refresh's pause.
                    await Task.Delay(RefreshEvery, cancellationToken);
                    continue;
                }

                string[] listed = [.. hosts.Keys.Select(s => s.ToParsableString()).Order(StringComparer.Ordinal)];
                if (observer is not null)
                {
                    await observer.EnteringAsync(ClusterPhase.Roster, listed, cancellationToken);
                }

                view = await roster.AskAsync(listed, cancellationToken);
            }

            if (observer is not null)
            {
                await observer.EnteringAsync(ClusterPhase.Describe, view.Active, cancellationToken);
            }

            var describing = roster.Apply(view);

            // Watch membership from now on, so a silo that dies while it is being described is dropped, not waited for.
            roster._loop = roster.RefreshLoopAsync();
            await Task.WhenAll(describing).WaitAsync(cancellationToken);
            observer?.Ready([.. roster.Active.Select(s => s.Address)]);
            return roster;
        }
        catch
        {
            await roster.DisposeAsync();
            throw;
        }
    }

    public ISiloDispatcherGrain Dispatcher(string silo) => _grains.GetGrain<ISiloDispatcherGrain>(silo);

    /// <summary>The token that fires when membership no longer lists <paramref name="silo"/>; already fired for a silo gone or unknown.</summary>
    public CancellationToken Departure(string silo)
    {
        lock (_lock)
        {
            return _members.TryGetValue(silo, out var member) ? member.Departed.Token : new CancellationToken(canceled: true);
        }
    }

    /// <summary>
    /// The silo for work slot <paramref name="slot"/>: slot mod the active silos not under suspicion, so consecutive
    /// slots go round the cluster. Also returns the token that fires if that silo leaves. Waits for a silo while none is usable.
    /// </summary>
    public async Task<(string Silo, CancellationToken Departed)> PickAsync(long slot, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_lock)
            {
                var now = DateTime.UtcNow;
                var usable = _order.Where(a => !_suspects.TryGetValue(a, out var until) || until < now).ToArray();
                if (usable.Length > 0)
                {
                    var silo = usable[slot % usable.Length];
                    return (silo, _members[silo].Departed.Token);
                }
            }

            // No silo to use: wait for membership to change (the next refresh), not for a fixed time.
            await RefreshAsync(cancellationToken);
            await Task.Delay(RefreshEvery, cancellationToken);
        }
    }

    /// <summary>A call to <paramref name="silo"/> failed as if it were gone: leave it out of picks, and ask membership now.</summary>
    public Task SuspectAsync(string silo, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _suspects[silo] = DateTime.UtcNow + SuspectFor;
        }

        return RefreshAsync(cancellationToken);
    }

    /// <summary>
    /// Asks the known silos for membership's view, all at once, and applies the first answer. Returns once every silo
    /// the view newly lists is described, or dropped: a silo that joined is a candidate for the very next pick.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        string[] candidates;
        lock (_lock)
        {
            candidates = [.. _members.Keys.OrderBy(a => _suspects.ContainsKey(a))];
        }

        if (await AskAsync(candidates, cancellationToken) is { } view)
        {
            // Each description races its silo's departure and the roster's end, so this never waits on a dead silo.
            await Task.WhenAll(Apply(view)).WaitAsync(cancellationToken);
        }
    }

    /// <summary>The first membership view any of <paramref name="silos"/> gives within <see cref="AskFor"/>; null if none does.</summary>
    private async Task<MembershipView?> AskAsync(IReadOnlyCollection<string> silos, CancellationToken cancellationToken)
    {
        RequestContext.Clear(); // machinery, not traced (see StartAsync); a pick or a suspicion may ask from a traced call

        using var asking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        asking.CancelAfter(AskFor);
        var asks = silos.Select(s => Dispatcher(s).Membership(asking.Token).AsTask()).ToList();
        try
        {
            while (asks.Count > 0)
            {
                var answered = await Task.WhenAny(asks).WaitAsync(asking.Token);
                asks.Remove(answered);
                if (answered.IsCompletedSuccessfully)
                {
                    return answered.Result;
                }

                // That silo could not answer (it is gone, or going): the others may.
                _ = answered.Exception;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // None answered in time.
        }
        finally
        {
            foreach (var ask in asks)
            {
                Abandon(ask);
            }
        }

        return null;
    }

    /// <summary>
    /// Applies a view no older than the last one: the silos it no longer lists have their departure token fired and
    /// are never taken back (a dead silo stays dead); the ones it newly lists are described. Returns those descriptions.
    /// </summary>
    private Task[] Apply(MembershipView view)
    {
        var departed = new List<CancellationTokenSource>();
        var left = new List<string>();
        var joined = new List<(string Silo, CancellationToken Departed)>();
        lock (_lock)
        {
            if (view.Version < _version)
            {
                return [];
            }

            _version = view.Version;
            foreach (var gone in _members.Keys.Except(view.Active).ToList())
            {
                departed.Add(_members[gone].Departed);
                left.Add(gone);
                _members.Remove(gone);
                _suspects.Remove(gone);
                _gone.Add(gone);
                _losses.Add(new SiloLoss(gone, Stopwatch.GetElapsedTime(_started).TotalSeconds, TraceClock.NowMicroseconds()));
            }

            if (left.Count > 0)
            {
                // Every call that raced "any departure" is abandoned together; later calls race the next one, and
                // those sent while this death settles race its window too (see DepartureSettle).
                _settle.Departed();
                departed.Add(_anyDeparture);
                _anyDeparture = new CancellationTokenSource();
                _tokens.Add(_anyDeparture);
            }

            foreach (var silo in view.Active.Where(a => !_members.ContainsKey(a) && !_gone.Contains(a)))
            {
                var token = new CancellationTokenSource();
                _tokens.Add(token);
                _members[silo] = new Member(token);
                joined.Add((silo, token.Token));
            }

            Reorder();
        }

        // Fired outside the lock: abandoned calls continue on these callbacks. Cancelled, not disposed: a caller may
        // be linking to a token right now. All are disposed with the roster.
        foreach (var token in departed)
        {
            token.Cancel();
        }

        foreach (var silo in left)
        {
            _observer?.Left(silo);
        }

        var describing = joined.Select(j => DescribeAsync(j.Silo, j.Departed)).ToArray();
        lock (_lock)
        {
            _describing.AddRange(describing);
        }

        return describing;
    }

    /// <summary>A newcomer is described (cores, machine) before it takes work, so the model can count its cores.</summary>
    private async Task DescribeAsync(string silo, CancellationToken departed)
    {
        RequestContext.Clear(); // machinery, not traced (see StartAsync)

        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(departed, _stop.Token);
        try
        {
            var info = await Dispatcher(silo).Describe(abandon.Token).AsTask().WaitAsync(abandon.Token);
            lock (_lock)
            {
                if (_members.TryGetValue(silo, out var member) && member.Departed.Token == departed)
                {
                    member.Info = info;
                    _everSeen[silo] = info;
                    Reorder();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException || Failure.Classify(e) != FailureKind.Fatal)
        {
            // Gone (membership said so), or failing as if it were: dropped for now, taken again if a later view still lists it.
            lock (_lock)
            {
                if (_members.TryGetValue(silo, out var member) && member.Departed.Token == departed && member.Info is null)
                {
                    _members.Remove(silo);
                }
            }

            if (!departed.IsCancellationRequested && !_stop.IsCancellationRequested)
            {
                // Failed, not declared dead (that one is told as Left), nor abandoned as the roster closes.
                _observer?.Dropped(silo);
            }
        }
    }

    private void Reorder() =>
        _order = [.. _members.Where(m => m.Value.Info is not null).Select(m => m.Key).Order(StringComparer.Ordinal)];

    private async Task RefreshLoopAsync()
    {
        using var timer = new PeriodicTimer(RefreshEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await RefreshAsync(_stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A call nobody waits for any more: its failure, should it fail, is observed here and ignored.</summary>
    private static void Abandon(Task call) =>
        _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
        Task[] describing;
        lock (_lock)
        {
            describing = [.. _describing];
        }

        await Task.WhenAll(describing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        lock (_lock)
        {
            foreach (var departed in _tokens)
            {
                departed.Dispose();
            }

            _settle.Dispose();
        }

        _observer?.RosterStopped();
    }

    private sealed class Member(CancellationTokenSource departed)
    {
        public CancellationTokenSource Departed { get; } = departed;

        public SiloInfo? Info { get; set; }
    }
}
