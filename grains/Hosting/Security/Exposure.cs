using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

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

        if (options.Dashboard && options.DashboardLogin is null && !options.InsecureOpenHttp)
        {
            throw new UsageException(
                $"--address {options.Address} serves the dashboard beyond this machine: give --dashboard-user and --dashboard-password " +
                $"(or {DashboardLogin.UserVariable} and {DashboardLogin.PasswordVariable}), or --no-dashboard.");
        }

        var http = HttpGuard.Access(options) switch
        {
            HttpAccess.LoginRequired => "the silo, gateway and every HTTP route (password required) can be reached from other machines",
            HttpAccess.OpenToAnyone => $"the silo, gateway and every HTTP route can be reached from other machines, and {HttpGuard.OpenFlag} serves the HTTP routes without a password: anyone who reaches the port can make /sites send, hang or dribble responses",
            _ => "the silo and gateway can be reached from other machines; HTTP (/sites and the lab routes) stays on loopback without --dashboard-user and --dashboard-password",
        };
        return $"warning: listening on {options.Address}, beyond loopback: {http}; grain calls are not authenticated.";
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
