using System.Globalization;
using System.Net.Sockets;
using Concurrency.AppHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

// `dotnet run --project apphost [-- --silos N] [-- --run "cpu --strategy cluster --quick"]`: a local lab cluster
// under Aspire: redis-server for the membership table, N silo processes and, with --run, one client run.
// The lab's own options are read here, before Aspire: a bad one is one line on stderr and exit code 2.
if (LabClusterOptions.Parse(args, Environment.GetEnvironmentVariable("PATH"), out var error) is not { } lab)
{
    await Console.Error.WriteLineAsync($"apphost: {error}");
    return 2;
}

var builder = DistributedApplication.CreateBuilder([.. lab.Rest]);

// launchSettings.json sets these for `dotnet run`; the same defaults where nothing set them (the built program run
// as is): the dashboard over plain http on loopback, its OTLP on fixed ports.
Dictionary<string, string?> defaults = new()
{
    ["ASPNETCORE_URLS"] = "http://127.0.0.1:18888",
    ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
    ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://127.0.0.1:18889",
    ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = "http://127.0.0.1:18890",
    ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = "http://127.0.0.1:18887",
};
var unset = defaults.Where(pair => string.IsNullOrEmpty(builder.Configuration[pair.Key])
    && !(pair.Key.StartsWith("ASPIRE_", StringComparison.Ordinal) && !string.IsNullOrEmpty(builder.Configuration["DOTNET_" + pair.Key["ASPIRE_".Length..]])));
builder.Configuration.AddInMemoryCollection(unset.ToList());
var invariant = CultureInfo.InvariantCulture;

// Redis, the silos' membership table. These machines run no containers, so Aspire's AddRedis (a container) cannot
// run here: Debian's redis-server runs as a plain executable instead, on loopback, keeping nothing on disk. Aspire
// then knows no connection string for it, so the silos' clustering is wired by hand: --clustering redis --redis HOST:PORT.
var redisAddress = $"127.0.0.1:{lab.RedisPort.ToString(invariant)}";
const string RedisReady = "redis-accepts-connections";
builder.Services.AddHealthChecks().AddAsyncCheck(RedisReady, async cancellationToken =>
{
    using var tcp = new TcpClient();
    try
    {
        await tcp.ConnectAsync("127.0.0.1", lab.RedisPort, cancellationToken);
        return HealthCheckResult.Healthy();
    }
    catch (SocketException e)
    {
        return HealthCheckResult.Unhealthy($"nothing accepts connections at {redisAddress}: {e.Message}");
    }
});
var redis = builder.AddExecutable("redis", lab.RedisServer, ".",
        "--bind", "127.0.0.1", "--port", lab.RedisPort.ToString(invariant), "--save", "", "--appendonly", "no")
    .WithHealthCheck(RedisReady);

// The silos export metrics and Orleans' grain-call traces (the silo turns on Orleans' activity propagation with
// --otlp) to the Aspire dashboard's OTLP/HTTP endpoint, when the dashboard has one. Aspire itself would tell a
// project only of the dashboard's gRPC endpoint (OTEL_EXPORTER_OTLP_ENDPOINT), while the silo's exporter speaks
// OTLP/HTTP; Aspire still hands it the dashboard's API key (OTEL_EXPORTER_OTLP_HEADERS), which the exporter reads.
var otlpHttp = builder.Configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] ?? builder.Configuration["DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"];

var silos = new List<IResourceBuilder<ProjectResource>>();
for (var i = 0; i < lab.Silos; i++)
{
    var dashboardPort = lab.DashboardPort + i;
    List<string> siloArgs =
    [
        "--clustering", "redis", "--redis", redisAddress,
        "--silo-port", (lab.SiloPort + i).ToString(invariant),
        "--gateway-port", (lab.GatewayPort + i).ToString(invariant),
        "--dashboard-port", dashboardPort.ToString(invariant),
    ];
    if (!string.IsNullOrEmpty(otlpHttp))
    {
        siloArgs.AddRange(["--otlp", otlpHttp]);
    }

    // The silo listens on its own ports (it binds them itself, so Aspire proxies nothing); the endpoint puts its
    // Orleans dashboard in Aspire's resource list, and /health says when it is up.
    silos.Add(builder.AddProject<Projects.Concurrency_Silo>($"silo-{(i + 1).ToString(invariant)}", project => project.ExcludeLaunchProfile = true)
        .WithArgs([.. siloArgs])
        .WithHttpEndpoint(port: dashboardPort, name: "dashboard", isProxied: false)
        .WithUrlForEndpoint("dashboard", url => url.Url = "/dashboard/")
        .WithHttpHealthCheck("/health", endpointName: "dashboard")
        .WithEnvironment(context => context.EnvironmentVariables.Remove("ASPNETCORE_URLS")) // its ports are in its arguments
        .WaitFor(redis));
}

if (lab.Run is { } run)
{
    // One client run, once every silo is healthy; the client finds the gateways in the same membership table.
    var client = builder.AddProject<Projects.Concurrency_Client>("client", project => project.ExcludeLaunchProfile = true)
        .WithArgs(["run", .. run, "--clustering", "redis", "--redis", redisAddress]);
    foreach (var silo in silos)
    {
        client.WaitFor(silo);
    }
}

await builder.Build().RunAsync();
return 0;
