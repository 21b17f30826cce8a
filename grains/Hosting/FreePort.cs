using System.Net;
using System.Net.Sockets;

namespace Concurrency.Hosting;

internal static class FreePort
{
    /// <summary>Asks the OS for an unused TCP port on the address.</summary>
    public static int Pick(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Refuses, before anything starts, a port that something else already listens on. Orleans and Kestrel would
    /// find out too, but only after logging the failure with a stack trace.
    /// </summary>
    public static void EnsureFree(IPAddress address, int port, string option)
    {
        using var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            var why = e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "is in use" : "may not be opened by this user";
            throw new SiloStartException($"port {port} on {address} ({option}) {why}: stop what holds it, or give another port (0 picks a free one).", e);
        }
    }
}
