namespace Concurrency.Client.Connection;

/// <summary>
/// Told by the Orleans client when its last gateway connection closes. A call already sent to a silo that then
/// stopped can wait for its answer as long as its response timeout, and a download may legitimately take minutes;
/// without this, a run whose only silo went away would sit waiting instead of saying so. A run links
/// <see cref="Lost"/> into its cancellation and reports what finished.
/// </summary>
public sealed class ConnectionWatch : IClusterConnectionStatusObserver, IDisposable
{
    private readonly CancellationTokenSource _lost = new();

    /// <summary>Cancelled once no gateway of the cluster is connected.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Orleans calls this when its count of connected gateways falls to zero.</summary>
    public void NotifyClusterConnectionLost() => _lost.Cancel();

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
    }

    public void Dispose() => _lost.Dispose();
}
