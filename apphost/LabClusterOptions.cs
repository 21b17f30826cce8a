using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Concurrency.AppHost;

/// <summary>
/// The app host's own options, read from the command line before Aspire sees it. Anything else on the command line
/// (Aspire's own switches, such as those the testing builder or the publisher pass) is left for Aspire, untouched.
/// </summary>
public sealed record LabClusterOptions
{
    public const int MaxSilos = 16;

    /// <summary>How many silo processes to start (1 to <see cref="MaxSilos"/>).</summary>
    public int Silos { get; init; } = 3;

    /// <summary>The port redis-server listens on, on loopback.</summary>
    public int RedisPort { get; init; } = 6379;

    /// <summary>Silo i (from 0) listens for other silos on this port + i.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>Silo i (from 0) takes clients on this port + i.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>Silo i (from 0) serves its Orleans dashboard, /health and /metrics on this port + i.</summary>
    public int DashboardPort { get; init; } = 8080;

    /// <summary>The client's experiment and its options (`cpu --strategy cluster --quick`), run once every silo is up; null for none.</summary>
    public IReadOnlyList<string>? Run { get; init; }

    /// <summary>The full path of redis-server.</summary>
    public string RedisServer { get; init; } = "";

    /// <summary>What is left of the command line for Aspire.</summary>
    public IReadOnlyList<string> Rest { get; init; } = [];

    /// <summary>
    /// Reads the lab's options out of <paramref name="args"/> (as `--name value` or `--name=value`), or says in
    /// <paramref name="error"/>, in one line, why they cannot be used.
    /// </summary>
    public static LabClusterOptions? Parse(IReadOnlyList<string> args, string? path, out string error)
    {
        var options = new LabClusterOptions();
        var rest = new List<string>();
        error = "";
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = Split(args[i]);
            if (name is not ("--silos" or "--redis-port" or "--silo-port" or "--gateway-port" or "--dashboard-port" or "--run"))
            {
                rest.Add(args[i]);
                continue;
            }

            var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
            if (value is null)
            {
                error = $"{name} needs a value.";
                return null;
            }

            switch (name)
            {
                case "--silos":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var silos) || silos is < 1 or > MaxSilos)
                    {
                        error = $"--silos '{value}' must be a whole number from 1 to {MaxSilos}.";
                        return null;
                    }

                    options = options with { Silos = silos };
                    break;
                case "--run":
                    var run = value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (run.Length == 0)
                    {
                        error = "--run needs an experiment and its options, e.g. --run \"cpu --strategy cluster --quick\".";
                        return null;
                    }

                    options = options with { Run = run };
                    break;
                default:
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > IPEndPoint.MaxPort)
                    {
                        error = $"{name} '{value}' must be a port from 1 to {IPEndPoint.MaxPort}.";
                        return null;
                    }

                    options = name switch
                    {
                        "--redis-port" => options with { RedisPort = port },
                        "--silo-port" => options with { SiloPort = port },
                        "--gateway-port" => options with { GatewayPort = port },
                        _ => options with { DashboardPort = port },
                    };
                    break;
            }
        }

        if (options.Check() is { } problem)
        {
            error = problem;
            return null;
        }

        if (FindOnPath("redis-server", path) is not { } redisServer)
        {
            error = "redis-server is not on PATH: the app host runs it for the membership table (apt-get install redis-server).";
            return null;
        }

        return options with { RedisServer = redisServer, Rest = rest };
    }

    /// <summary>Every port the lab will listen on, with what it is for.</summary>
    public IEnumerable<(string Option, int Port)> Ports()
    {
        yield return ("--redis-port", RedisPort);
        for (var i = 0; i < Silos; i++)
        {
            yield return ("--silo-port", SiloPort + i);
            yield return ("--gateway-port", GatewayPort + i);
            yield return ("--dashboard-port", DashboardPort + i);
        }
    }

    // The silos' port ranges must fit below 65536 and not overlap each other or Redis; a port already taken is said now,
    // not as a silo that dies later among the app host's logs.
    private string? Check()
    {
        var taken = new Dictionary<int, string>();
        foreach (var (option, port) in Ports())
        {
            if (port > IPEndPoint.MaxPort)
            {
                return $"{option} leaves no room for {Silos} silos: silo {Silos} would need port {port}.";
            }

            if (!taken.TryAdd(port, option))
            {
                return $"{option} and {taken[port]} both need port {port}; give them ranges {Silos} apart.";
            }

            if (!IsFree(port))
            {
                return $"port {port} ({option}) is already in use on 127.0.0.1: stop what holds it, or choose another {option}.";
            }
        }

        return null;
    }

    /// <summary>Whether nothing listens on <paramref name="port"/> of 127.0.0.1 now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }

    private static string? FindOnPath(string program, string? path) =>
        (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
}
