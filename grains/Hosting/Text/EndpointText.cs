using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Concurrency.Hosting;

/// <summary><c>HOST:PORT</c> as people write it: <c>127.0.0.1:30000</c>, <c>localhost:30000</c>, <c>[::1]:30000</c>.</summary>
public static class EndpointText
{
    public const string Syntax = "HOST:PORT, e.g. 127.0.0.1:30000";

    public static bool TryParse(string text, out IPEndPoint endpoint, out string error)
    {
        endpoint = new IPEndPoint(IPAddress.None, 0);
        error = "";
        text = text.Trim();
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            error = $"expected {Syntax}";
            return false;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':'))
        {
            error = "write an IPv6 host in brackets, e.g. [::1]:30000";
            return false;
        }

        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"the port must be a whole number from 1 to 65535, not '{text[(colon + 1)..]}'";
            return false;
        }

        if (!TryResolve(host, out var address))
        {
            error = $"'{host}' is not an IP address or a host name that resolves";
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }

    private static bool TryResolve(string host, out IPAddress address)
    {
        if (IPAddress.TryParse(host, out address!))
        {
            return true;
        }

        if (host.Length == 0 || Uri.CheckHostName(host) != UriHostNameType.Dns)
        {
            return false;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
            return true;
        }

        try
        {
            address = Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? Dns.GetHostAddresses(host).First();
            return true;
        }
        catch (Exception e) when (e is SocketException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }
}
