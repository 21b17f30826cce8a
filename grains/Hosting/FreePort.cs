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
}
