using Concurrency.Abstractions;

namespace Concurrency.Client.Cluster;

/// <summary>
/// The client's list of active silos, kept fresh while work is out. Orleans' membership table is the truth: the
/// first list comes from <see cref="IManagementGrain.GetHosts"/>, later ones from any live silo's own membership view
/// (<see cref="ISiloDispatcherGrain.ActiveSilos"/>), polled every <see cref="RefreshEvery"/>. A silo that joins gets
/// work from the next pick on; a silo that membership declares dead has its departure token cancelled, which
/// abandons every call still waiting on it (their answers may never come).
/// </summary>
public sealed class SiloRoster : IAsyncDisposable
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a silo whose call failed is left out of picks, unless membership drops it first.</summary>
    public static readonly TimeSpan SuspectFor = TimeSpan.FromSeconds(10);

    private readonly IGrainFactory _grains;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _suspects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SiloInfo> _everSeen = new(StringComparer.Ordinal);
    private readonly List<CancellationTokenSource> _tokens = [];
    private readonly CancellationTokenSource _stop = new();
    private string[] _order = [];
    private Task _loop = Task.CompletedTask;

    private SiloRoster(IGrainFactory grains) => _grains = grains;

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

    /// <summary>The silos active now, in address order.</summary>
    public IReadOnlyList<SiloInfo> Active
    {
        get
        {
            lock (_lock)
            {
                return [.. _order.Select(a => _members[a].Info)];
            }
        }
    }

    public static async Task<SiloRoster> StartAsync(IGrainFactory grains, CancellationToken cancellationToken = default)
    {
        var roster = new SiloRoster(grains);
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken);
        await roster.ApplyAsync(hosts.Keys.Select(s => s.ToParsableString()), cancellationToken);
        roster._loop = roster.RefreshLoopAsync();
        return roster;
    }

    public ISiloDispatcherGrain Dispatcher(string silo) => _grains.GetGrain<ISiloDispatcherGrain>(silo);

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

    /// <summary>Asks a live silo which silos are active, and applies the answer; a silo that cannot answer is skipped.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        string[] candidates;
        lock (_lock)
        {
            candidates = [.. _order.OrderBy(a => _suspects.ContainsKey(a))];
        }

        foreach (var silo in candidates)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                var active = await Dispatcher(silo).ActiveSilos(timeout.Token).AsTask().WaitAsync(timeout.Token);
                await ApplyAsync(active, cancellationToken);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && (e is OperationCanceledException || Failure.Classify(e) != FailureKind.Fatal))
            {
                // That silo is gone or slow: ask the next one.
            }
        }
    }

    private async Task ApplyAsync(IEnumerable<string> active, CancellationToken cancellationToken)
    {
        var now = active.Order(StringComparer.Ordinal).ToArray();
        string[] joined;
        lock (_lock)
        {
            foreach (var gone in _members.Keys.Except(now).ToList())
            {
                // Cancelled, not disposed: a caller may be linking to this token right now. Disposed with the roster.
                _members[gone].Departed.Cancel();
                _members.Remove(gone);
                _suspects.Remove(gone);
            }

            joined = [.. now.Where(a => !_members.ContainsKey(a))];
        }

        // A newcomer is described (cores, machine) before it takes work, so the model can count its cores.
        var infos = await Task.WhenAll(joined.Select(a => Dispatcher(a).Describe(cancellationToken).AsTask()));
        lock (_lock)
        {
            foreach (var info in infos)
            {
                var departed = new CancellationTokenSource();
                _tokens.Add(departed);
                _members[info.Address] = new Member(info, departed);
                _everSeen[info.Address] = info;
            }

            _order = [.. now.Where(_members.ContainsKey)];
        }
    }

    private async Task RefreshLoopAsync()
    {
        using var timer = new PeriodicTimer(RefreshEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await RefreshAsync(_stop.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A newcomer that cannot describe itself yet is taken on the next tick.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        lock (_lock)
        {
            foreach (var departed in _tokens)
            {
                departed.Dispose();
            }
        }
    }

    private sealed record Member(SiloInfo Info, CancellationTokenSource Departed);
}
