using System.Net;
using System.Net.Sockets;
using Concurrency.AppHost;

namespace Concurrency.Tests.Infrastructure;

public static class FreeTcpPort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first of <paramref name="count"/> consecutive ports that are free now (for programs that take port, port + 1, ...).</summary>
    public static int PickRange(int count)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var first = Pick();
            if (first + count - 1 <= IPEndPoint.MaxPort && Enumerable.Range(first + 1, count - 1).All(LabClusterOptions.IsFree))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"no {count} consecutive free ports found on loopback");
    }
}
