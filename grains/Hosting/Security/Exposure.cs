using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Concurrency.Hosting.Cli;

namespace Concurrency.Hosting.Security;

/// <summary>
/// The silo's security defaults: everything listens on loopback unless told otherwise. Listening beyond loopback is
/// allowed with a warning; a dashboard beyond loopback must have a login, or the silo refuses to start.
/// </summary>
public static class Exposure
{
    public static bool IsLoopback(IPAddress address) => IPAddress.IsLoopback(address);

    /// <summary>Refuses what must not start; returns the warning to print for what may, or null on loopback.</summary>
    public static string? Check(LabSiloOptions options)
    {
        if (IsLoopback(options.Address))
        {
            return null;
        }

        if (options.Dashboard && options.DashboardLogin is null)
        {
            throw new UsageException(
                $"--address {options.Address} serves the dashboard beyond this machine: give --dashboard-user and --dashboard-password " +
                $"(or {DashboardLogin.UserVariable} and {DashboardLogin.PasswordVariable}), or --no-dashboard.");
        }

        var dashboard = options.Dashboard ? ", dashboard (password required)" : "";
        return $"warning: listening on {options.Address}, beyond loopback: the silo, gateway{dashboard} and lab endpoints can be reached from other machines; grain calls are not authenticated.";
    }

    /// <summary>
    /// The address other silos and clients are told to use. A wildcard listen address (0.0.0.0, ::) cannot be
    /// dialled, so advertise this machine's first non-loopback IPv4 address, or loopback if it has none.
    /// </summary>
    public static IPAddress Advertised(IPAddress listen, IPAddress? advertise)
    {
        if (advertise is not null)
        {
            return advertise;
        }

        if (!listen.Equals(IPAddress.Any) && !listen.Equals(IPAddress.IPv6Any))
        {
            return listen;
        }

        return NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? IPAddress.Loopback;
    }
}
