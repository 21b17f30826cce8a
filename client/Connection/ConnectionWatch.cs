namespace Concurrency.Client.Connection;

/// <summary>
/// Told by the Orleans client when its last gateway connection closes. A call already sent to a silo that then
/// stopped can wait for its answer as long as its response timeout, and a download may legitimately take minutes;
/// without this, a run whose only silo went away would sit waiting instead of saying so. A run links
/// <see cref="Lost"/> into its cancellation and reports what finished.
///
/// The loss counts only when no gateway comes back within <see cref="Grace"/>: Orleans keeps reconnecting to the
/// gateways it knows, and on a starved machine a connection can close and reopen (a handshake that outlived its
/// timeout) while every silo is up. A run is not stopped for a blink; a cluster that is gone stays gone past it.
/// </summary>
public sealed class ConnectionWatch(TimeProvider time) : IClusterConnectionStatusObserver, IDisposable
{
    /// <summary>How long no gateway may be connected before the cluster counts as lost.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _lost = new();
    private readonly Lock _lock = new();
    private ITimer? _pending;

    /// <summary>Cancelled once no gateway of the cluster has been connected for <see cref="Grace"/>.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Orleans calls this when its count of connected gateways falls to zero.</summary>
    public void NotifyClusterConnectionLost()
    {
        lock (_lock)
        {
            _pending ??= time.CreateTimer(_ => Expire(), null, Grace, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>A gateway connected again before the grace ran out: the loss is forgotten.</summary>
    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways <= 0)
        {
            return;
        }

        lock (_lock)
        {
            _pending?.Dispose();
            _pending = null;
        }
    }

    private void Expire()
    {
        lock (_lock)
        {
            if (_pending is null)
            {
                return;
            }
        }

        _lost.Cancel();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _pending?.Dispose();
            _pending = null;
        }

        _lost.Dispose();
    }
}
