namespace Concurrency.Client.Cluster;

/// <summary>
/// Membership's view of the cluster, watched for the length of a run, for the strategies that cannot fail over.
///
/// Orleans does not resend a call when its silo dies, and a call from a client goes through a gateway that keeps no
/// record of it: when the silo that held it is declared dead, the call is not failed, it waits for its response
/// timeout (two hours for a downloader's). Only the cluster strategies resend their own work (their
/// <see cref="SiloRoster"/> races every call against membership). So a silo that membership drops while no roster is
/// open fires <see cref="Died"/>, and the run stops with <see cref="Reason"/> and what had finished, instead of
/// waiting for answers that will never come. A silo that a roster saw leave, or dropped, is that roster's to handle.
/// </summary>
public sealed class SiloDeathWatch : IClusterObserver, IAsyncDisposable
{
    public static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(500);

    private readonly IGrainFactory _grains;
    private readonly IClusterObserver? _inner;
    private readonly CancellationTokenSource _died = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly HashSet<string> _handled = new(StringComparer.Ordinal);
    private int _openRosters;
    private string? _reason;
    private Task _loop = Task.CompletedTask;

    private SiloDeathWatch(IGrainFactory grains, IClusterObserver? inner)
    {
        _grains = grains;
        _inner = inner;
    }

    /// <summary>Fires when a silo leaves while no cluster strategy could resend its calls.</summary>
    public CancellationToken Died => _died.Token;

    /// <summary>Why <see cref="Died"/> fired, one line; null before.</summary>
    public string? Reason => Volatile.Read(ref _reason);

    /// <summary>Starts watching from the silos active now. <paramref name="inner"/> still hears every cluster event.</summary>
    public static async Task<SiloDeathWatch> StartAsync(IGrainFactory grains, IClusterObserver? inner, CancellationToken cancellationToken)
    {
        var watch = new SiloDeathWatch(grains, inner);
        var first = await watch.ActiveAsync(cancellationToken);
        watch._loop = watch.WatchAsync(first);
        return watch;
    }

    public ValueTask EnteringAsync(ClusterPhase phase, IReadOnlyList<string> silos, CancellationToken cancellationToken) =>
        _inner?.EnteringAsync(phase, silos, cancellationToken) ?? ValueTask.CompletedTask;

    public void RosterStarted()
    {
        Interlocked.Increment(ref _openRosters);
        _inner?.RosterStarted();
    }

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
                var unhandled = before.Except(now).Where(s => !IsHandled(s)).Order(StringComparer.Ordinal).FirstOrDefault();
                if (unhandled is not null && Volatile.Read(ref _openRosters) == 0)
                {
                    Volatile.Write(ref _reason, $"Silo {unhandled} left the cluster mid-run (membership declared it dead): the calls it held cannot be resent by this strategy (only the cluster strategies resend their work)");
                    await _died.CancelAsync();
                    return;
                }

                before = now;
            }
        }
        catch (OperationCanceledException)
        {
        }
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
