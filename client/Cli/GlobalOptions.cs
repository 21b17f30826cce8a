using System.CommandLine;
using Concurrency.Client.Connection;
using Concurrency.Hosting.Cli;

namespace Concurrency.Client.Cli;

/// <summary>Options every command takes: where the cluster is, and how to print.</summary>
public static class GlobalOptions
{
    public static Option<System.Net.IPEndPoint?> Gateway { get; } = Recursive(CliOptions.Endpoint(
        "--gateway", $"Gateway of a running silo, HOST:PORT (default {ConnectionRequest.DefaultGateway}; if none answers there, an embedded silo runs)."));

    public static Option<bool> Embedded { get; } = Recursive(new Option<bool>("--embedded") { Description = "Run an embedded silo in this process, even if a silo is running." });

    public static Option<bool> Json { get; } = Recursive(new Option<bool>("--json") { Description = "Write the results as one JSON document on stdout, and nothing else there." });

    public static Option<bool> Verbose { get; } = Recursive(new Option<bool>("--verbose") { Description = "Show Orleans' information-level logs on stderr." });

    public static IEnumerable<Option> All => [Gateway, Embedded, Json, Verbose];

    public static ConnectionRequest ConnectionFrom(ParseResult parse)
    {
        var gateway = parse.GetValue(Gateway);
        if (gateway is not null && parse.GetValue(Embedded))
        {
            throw new UsageException("--gateway and --embedded contradict each other: give one.");
        }

        return new ConnectionRequest(gateway ?? ConnectionRequest.DefaultGateway, gateway is not null, parse.GetValue(Embedded), parse.GetValue(Verbose));
    }

    private static T Recursive<T>(T option)
        where T : Option
    {
        option.Recursive = true;
        return option;
    }
}
