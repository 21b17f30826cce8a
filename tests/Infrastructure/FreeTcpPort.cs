using System.Net;
using System.Net.Sockets;

namespace Concurrency.Tests.Infrastructure;

public static class FreeTcpPort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
