using Concurrency.Abstractions.Tracing;

namespace Concurrency.Client.Cluster;

/// <summary>
/// Membership's view of the cluster, watched for the length of a run, for the strategies that cannot fail over.
///
/// Orleans does not resend a call when its silo dies, and a call from a client goes through a gateway that keeps no
/// record of it: when the silo that held it is declared dead, the call is not failed, it waits for its response
/// timeout (two hours for a downloader's). The strategies whose work is idempotent resend it (their
/// <see cref="SiloRoster"/> races every call against membership); a silo that a roster saw leave, or dropped, is that
/// roster's to handle. A silo that membership drops while no roster is open is looked for in the client's calls in
/// flight (<see cref="CallsInFlight"/>): if one of them was held by it (the directory places its grain there, or has
/// lost it with the silo), <see cref="Died"/> fires and the run stops with <see cref="Reason"/> and what had finished,
/// instead of waiting for answers that will never come. If none was, the run goes on, and the loss is kept in
/// <see cref="Losses"/> so the running strategy's time is not judged.
/// </summary>
public sealed class SiloDeathWatch : IClusterObserver, IAsyncDisposable
{
    public static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(500);

    private readonly IGrainFactory _grains;
    private readonly IClusterObserver? _inner;
    private readonly CallsInFlight? _calls;
    private readonly List<SiloLoss> _losses = [];
    private readonly CancellationTokenSource _died = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly HashSet<string> _handled = new(StringComparer.Ordinal);
    private int _openRosters;
    private long _since;
    private string? _reason;
    private Task _loop = Task.CompletedTask;

    private SiloDeathWatch(IGrainFactory grains, IClusterObserver? inner, CallsInFlight? calls)
    {
        _grains = grains;
        _inner = inner;
        _calls = calls;
    }

    /// <summary>The silos that died while no roster was open and held none of the client's calls: the run went on.</summary>
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

    /// <summary>Fires when a silo leaves while no cluster strategy could resend its calls.</summary>
    public CancellationToken Died => _died.Token;

    /// <summary>Why <see cref="Died"/> fired, one line; null before.</summary>
    public string? Reason => Volatile.Read(ref _reason);

    /// <summary>
    /// Starts watching from the silos active now. <paramref name="inner"/> still hears every cluster event. Without
    /// <paramref name="calls"/> any death while no roster is open stops the run: the watch cannot tell what it held.
    /// </summary>
    public static async Task<SiloDeathWatch> StartAsync(IGrainFactory grains, IClusterObserver? inner, CancellationToken cancellationToken, CallsInFlight? calls = null)
    {
        var watch = new SiloDeathWatch(grains, inner, calls);
        watch.StrategyStarting();
        var first = await watch.ActiveAsync(cancellationToken);
        watch._loop = watch.WatchAsync(first);
        return watch;
    }

    /// <summary>
    /// A strategy starts: from now on only its calls count as held. A call sent before may be one that a resending
    /// strategy abandoned when its silo died, and that still waits out its response timeout.
    /// </summary>
    public void StrategyStarting() => Volatile.Write(ref _since, _calls?.Mark() ?? 0);

    public ValueTask EnteringAsync(ClusterPhase phase, IReadOnlyList<string> silos, CancellationToken cancellationToken) =>
        _inner?.EnteringAsync(phase, silos, cancellationToken) ?? ValueTask.CompletedTask;

    public void RosterStarted()
    {
        Interlocked.Increment(ref _openRosters);
        _inner?.RosterStarted();
    }

    public void Ready(IReadOnlyList<string> silos) => _inner?.Ready(silos);

    public void RosterStopped()
    {
        Interlocked.Decrement(ref _openRosters);
        _inner?.RosterStopped();
    }

    public void Left(string silo)
    {
        lock (_lock)
        {
            _handled.Add(silo);
        }

        _inner?.Left(silo);
    }

    public void Dropped(string silo)
    {
        lock (_lock)
        {
            _handled.Add(silo);
        }

        _inner?.Dropped(silo);
    }

    public ValueTask SendingAsync(WorkKey key, SiloRoster roster, CancellationToken cancellationToken) =>
        _inner?.SendingAsync(key, roster, cancellationToken) ?? ValueTask.CompletedTask;

    public void Sent(WorkKey key, string? silo) => _inner?.Sent(key, silo);

    public ValueTask SendingToGrainAsync(WorkKey key, GrainId grain, CancellationToken cancellationToken) =>
        _inner?.SendingToGrainAsync(key, grain, cancellationToken) ?? ValueTask.CompletedTask;

    private async Task<HashSet<string>> ActiveAsync(CancellationToken cancellationToken)
    {
        var hosts = await _grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken);
        return [.. hosts.Keys.Select(s => s.ToParsableString())];
    }

    private async Task WatchAsync(HashSet<string> before)
    {
        using var timer = new PeriodicTimer(PollEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                HashSet<string> now;
                try
                {
                    // Bounded: the management grain may live on the very silo that just went silent.
                    using var ask = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    ask.CancelAfter(SiloRoster.AskFor);
                    now = await ActiveAsync(ask.Token);
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    // No view this time (the gateway failing is the connection's own watch to report): ask again.
                    continue;
                }
                catch (Exception)
                {
                    // Stopping: what the last question met (the connection closing under it) is no one's news.
                    return;
                }

                // Read the open rosters after the view: a roster that opened since has seen this silo leave, or never saw it.
                foreach (var unhandled in before.Except(now).Where(s => !IsHandled(s)).Order(StringComparer.Ordinal))
                {
                    if (Volatile.Read(ref _openRosters) > 0)
                    {
                        break;
                    }

                    if (await HeldAsync(unhandled, now) is { } held)
                    {
                        Volatile.Write(ref _reason, $"Silo {unhandled} left the cluster mid-run (membership declared it dead) {held}: this strategy cannot resend its calls (see docs/cluster.md, when a silo dies mid-run)");
                        await _died.CancelAsync();
                        return;
                    }

                    lock (_lock)
                    {
                        _handled.Add(unhandled);
                        _losses.Add(new SiloLoss(unhandled, AtSeconds: 0, TraceClock.NowMicroseconds()));
                    }

                    _inner?.Left(unhandled);
                }

                before = now;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// How <paramref name="silo"/> held one of the client's calls in flight ("while it held a call to X"), or null if
    /// it held none. The directory says where each target lives; where it places a target on the dead silo, the call
    /// was there. Where it places it nowhere, its entry may have been owned by the dead silo and lost with it, so the
    /// survivors' catalogs are asked: a target active on a survivor was not held. A stateless worker is in neither
    /// (it runs where the gateway sent the call), and a lookup that fails cannot tell: both count as held, so the run
    /// stops rather than waits.
    /// </summary>
    private async Task<string?> HeldAsync(string silo, IReadOnlyCollection<string> survivors)
    {
        if (_calls is null)
        {
            return "while it may have held the run's calls";
        }

        var management = _grains.GetGrain<IManagementGrain>(0);
        HashSet<GrainId>? onSurvivors = null;
        foreach (var target in _calls.TargetsSince(Volatile.Read(ref _since)))
        {
            try
            {
                using var ask = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                ask.CancelAfter(SiloRoster.AskFor);
                var at = await management.GetActivationAddress(_grains.GetGrain(target), ask.Token);
                if (at is not null)
                {
                    if (at.ToParsableString() == silo || !survivors.Contains(at.ToParsableString()))
                    {
                        return $"while it held a call to {target}";
                    }

                    continue;
                }

                onSurvivors ??= await ActiveOnAsync(management, survivors, ask.Token);
                if (!onSurvivors.Contains(target))
                {
                    return $"while it held a call to {target}";
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return $"while a call to {target} may have been on it (the directory cannot place it: {e.GetType().Name})";
            }
        }

        return null;
    }

    /// <summary>Every grain active now on <paramref name="survivors"/>, from their own catalogs.</summary>
    private static async Task<HashSet<GrainId>> ActiveOnAsync(IManagementGrain management, IReadOnlyCollection<string> survivors, CancellationToken cancellationToken)
    {
        SiloAddress[] hosts = [.. survivors.Select(SiloAddress.FromParsableString)];
        var statistics = await management.GetDetailedGrainStatistics(types: null, hostsIds: hosts, cancellationToken: cancellationToken);
        return [.. statistics.Select(s => s.GrainId)];
    }

    private bool IsHandled(string silo)
    {
        lock (_lock)
        {
            return _handled.Contains(silo);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _died.Dispose();
    }
}
