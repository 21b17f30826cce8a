using System.CommandLine;
using Concurrency.Cli;
using Concurrency.Client.Connection;
using Concurrency.Hosting;

namespace Concurrency.Client.Cli;

/// <summary>Options every command takes: where the cluster is, and how to print.</summary>
public static class GlobalOptions
{
    public static Option<System.Net.IPEndPoint?> Gateway { get; } = Recursive(CliOptions.Endpoint(
        "--gateway", $"Gateway of a running silo, HOST:PORT (default {ConnectionRequest.DefaultGateway}; if none answers there, an embedded silo runs)."));

    public static Option<ClusteringMode> Clustering { get; } = Recursive(CliOptions.Clustering(
        "How to find the cluster: dev (through --gateway) or redis (gateways from the Redis membership table at --redis)."));

    public static Option<System.Net.IPEndPoint?> Redis { get; } = Recursive(CliOptions.Endpoint("--redis", "Redis server holding the membership table, HOST:PORT (with --clustering redis)."));

    public static Option<bool> Embedded { get; } = Recursive(new Option<bool>("--embedded") { Description = "Run an embedded silo in this process, even if a silo is running." });

    public static Option<bool> Dashboard { get; } = Recursive(new Option<bool>("--dashboard")
    {
        Description = $"Run an embedded silo with the Orleans dashboard and the live lab page (port {LabSiloOptions.DefaultHttpPort} when free), print their address first, and keep serving them after the run until Enter or Ctrl+C.",
    });

    public static Option<bool> Json { get; } = Recursive(new Option<bool>("--json") { Description = "Write the results as one JSON document on stdout, and nothing else there." });

    public static Option<bool> Verbose { get; } = Recursive(new Option<bool>("--verbose") { Description = "Show Orleans' information-level logs on stderr, an embedded silo's warnings among them (without it, each result counts them)." });

    public static TlsCli Tls { get; } = RecursiveTls(new TlsCli());

    public static Option<bool> NoMetrics { get; } = Recursive(new Option<bool>("--no-metrics") { Description = "The embedded silo records no metrics and serves no /metrics." });

    public static Option<bool> NoLab { get; } = Recursive(new Option<bool>("--no-lab")
    {
        Description = "The embedded silo keeps no live feed for the lab page: no /lab (with --dashboard, the dashboard alone), and its grain calls never check for a watching page.",
    });

    public static Option<Uri?> Otlp { get; } = Recursive(CliOptions.HttpUrl(
        "--otlp", "The embedded silo also sends metrics and traces to this OTLP/HTTP collector, e.g. http://127.0.0.1:4318 (a silo program takes its own --otlp)."));

    public static Option<TimeSpan?> ConnectTimeout { get; } = Recursive(CliOptions.Duration(
        "--connect-timeout",
        $"How long joining a cluster that answered may take (default {DurationText.Format(ConnectionRequest.DefaultConnectTimeout)}); a machine starting many clients at once, or a slow link, may need more.",
        TimeSpan.FromSeconds(1),
        TimeSpan.FromMinutes(10)));

    public static IEnumerable<Option> All => [Gateway, Clustering, Redis, Embedded, Dashboard, NoMetrics, NoLab, Otlp, ConnectTimeout, Json, Verbose, .. Tls.All];

    public static ConnectionRequest ConnectionFrom(ParseResult parse)
    {
        var gateway = parse.GetValue(Gateway);
        if (gateway is not null && parse.GetValue(Embedded))
        {
            throw new UsageException("--gateway and --embedded contradict each other: give one.");
        }

        var redis = CliOptions.RedisFor(parse.GetValue(Clustering), parse.GetValue(Redis));
        if (redis is not null && (gateway is not null || parse.GetValue(Embedded)))
        {
            throw new UsageException("--clustering redis finds the gateways in Redis: leave out --gateway and --embedded.");
        }

        var dashboard = parse.GetValue(Dashboard);
        if (dashboard && (gateway is not null || redis is not null))
        {
            throw new UsageException("--dashboard runs an embedded silo with its dashboard: leave out --gateway and --redis (a silo started with 'dotnet run --project silo' serves its own dashboard and lab page).");
        }

        if ((gateway is not null || redis is not null) && (parse.GetValue(Otlp) is not null || parse.GetValue(NoMetrics) || parse.GetValue(NoLab)))
        {
            throw new UsageException("--otlp, --no-metrics and --no-lab are for the embedded silo: a running silo takes its own (silo --otlp URL, --no-metrics, --no-lab).");
        }

        return new ConnectionRequest(gateway ?? ConnectionRequest.DefaultGateway, gateway is not null, parse.GetValue(Embedded) || dashboard, parse.GetValue(Verbose))
        {
            Redis = redis,
            Dashboard = dashboard,
            TlsCertificate = Tls.Certificate(parse, mayGenerate: false, out _),
            Metrics = !parse.GetValue(NoMetrics),
            LiveFeed = !parse.GetValue(NoLab),
            Otlp = parse.GetValue(Otlp),
            ConnectTimeout = parse.GetValue(ConnectTimeout) ?? ConnectionRequest.DefaultConnectTimeout,
        };
    }

    private static TlsCli RecursiveTls(TlsCli tls)
    {
        foreach (var option in tls.All)
        {
            option.Recursive = true;
        }

        return tls;
    }

    private static T Recursive<T>(T option)
        where T : Option
    {
        option.Recursive = true;
        return option;
    }
}
