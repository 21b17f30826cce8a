using System.CommandLine;
using Concurrency.Cli;
using Concurrency.Hosting;
using Concurrency.Hosting.Security;
using Concurrency.Hosting.Telemetry;

namespace Concurrency.Silo;

/// <summary>The silo program's command line: its options, their checks, and the action that runs one silo.</summary>
public static class SiloCommandLine
{
    public static RootCommand Create()
    {
        var siloPort = CliOptions.Port("--silo-port", LabSiloOptions.DefaultSiloPort, "Silo-to-silo port (0 picks a free one).", allowZero: true);
        var gatewayPort = CliOptions.Port("--gateway-port", LabSiloOptions.DefaultGatewayPort, "Port that clients connect to (0 picks a free one).", allowZero: true);
        var dashboardPort = CliOptions.Port("--dashboard-port", LabSiloOptions.DefaultHttpPort, "HTTP port of the dashboard and the lab's endpoints (0 picks a free one).", allowZero: true);
        var address = CliOptions.Address("--address", "Address every endpoint listens on. Loopback by default; anything else prints a warning.");
        var advertise = CliOptions.DialableAddress("--advertise", "Address other silos and clients are told to dial (default: --address, or this machine's first network address when --address is 0.0.0.0).");
        var dashboardUser = new Option<string?>("--dashboard-user") { Description = $"User name the dashboard asks for (or {DashboardLogin.UserVariable}); required with a dashboard beyond loopback." };
        var dashboardPassword = new Option<string?>("--dashboard-password") { Description = $"Password the dashboard asks for (or {DashboardLogin.PasswordVariable})." };
        var primary = CliOptions.Endpoint("--primary", "Silo endpoint (HOST:PORT) of the cluster's primary silo, to join it; omit to be the primary.");
        var clustering = CliOptions.Clustering("How silos find each other: dev (a primary silo, see --primary) or redis (a membership table, see --redis).");
        var redis = CliOptions.Endpoint("--redis", "Redis server for the membership table, HOST:PORT (with --clustering redis).");
        var noDashboard = new Option<bool>("--no-dashboard") { Description = "Do not serve the Orleans dashboard." };
        var insecureOpenHttp = new Option<bool>(HttpGuard.OpenFlag) { Description = "Beyond loopback without a login, serve every HTTP route (/sites, the dashboard) to anyone anyway: an open traffic amplifier." };
        var tls = new TlsCli();
        var noMetrics = new Option<bool>("--no-metrics") { Description = "Do not serve /metrics (Prometheus text format) nor record the lab's metrics." };
        var noLab = new Option<bool>("--no-lab") { Description = "Keep no live feed for the lab page: no /lab beside the dashboard, and grain calls never check for a watching page." };
        var otlp = CliOptions.HttpUrl("--otlp", "Also send metrics and Orleans' grain-call traces to this OTLP/HTTP collector, e.g. http://127.0.0.1:4318. Off by default.");
        var verbose = new Option<bool>("--verbose") { Description = "Show Orleans' and ASP.NET Core's information-level logs." };

        var root = new RootCommand("Runs one Concurrency Lab silo: Orleans, its dashboard and the lab's endpoints. Ctrl+C stops it gracefully.")
        {
            siloPort, gatewayPort, dashboardPort, address, advertise, primary, clustering, redis, noDashboard, noMetrics, noLab, otlp, dashboardUser, dashboardPassword, insecureOpenHttp, verbose,
        };
        foreach (var option in tls.All)
        {
            root.Options.Add(option);
        }

        root.SetAction(async (parse, cancellationToken) =>
        {
            var redisEndpoint = CliOptions.RedisFor(parse.GetValue(clustering), parse.GetValue(redis));
            if (redisEndpoint is not null && parse.GetValue(primary) is not null)
            {
                throw new UsageException("--primary is for dev clustering; with --clustering redis the silos find each other in Redis.");
            }

            var certificate = tls.Certificate(parse, mayGenerate: true, out var generated);
            var options = new LabSiloOptions
            {
                TlsCertificate = certificate,
                Address = parse.GetValue(address)!,
                Advertise = parse.GetValue(advertise),
                DashboardLogin = Login(parse.GetValue(dashboardUser), parse.GetValue(dashboardPassword)),
                SiloPort = parse.GetValue(siloPort),
                GatewayPort = parse.GetValue(gatewayPort),
                HttpPort = parse.GetValue(dashboardPort),
                Primary = parse.GetValue(primary),
                Clustering = parse.GetValue(clustering),
                Redis = redisEndpoint,
                Dashboard = !parse.GetValue(noDashboard),
                Metrics = !parse.GetValue(noMetrics),
                LiveFeed = !parse.GetValue(noLab),
                Otlp = parse.GetValue(otlp),
                Verbose = parse.GetValue(verbose),
                InsecureOpenHttp = parse.GetValue(insecureOpenHttp),
            };

            // Refused or warned about before anything listens.
            if (Exposure.Check(options) is { } warning)
            {
                await Console.Error.WriteLineAsync($"silo: {warning}");
            }

            await using var silo = await LabSilo.StartAsync(options, cancellationToken);
            var dashboard = (silo.Dashboard is { } uri ? $", dashboard {uri}/" : "") + (silo.LabPage is { } lab ? $", lab page {lab}" : "");
            var secured = generated is not null ? $", TLS with a generated development certificate {generated} (give it to the other silos and clients: --tls --cert FILE)"
                : certificate is not null ? ", TLS" : "";
            var metrics = options.Metrics ? $", metrics {new Uri(silo.HttpBase, LabTelemetry.MetricsPath)}" : "";
            Console.WriteLine($"Silo ready: gateway {silo.Gateway}, silo {silo.SiloEndpoint}{dashboard}{metrics}, sites {silo.HttpBase}sites/{secured}. Ctrl+C stops it.");

            // Orleans does not always honour the host's shutdown timeout (a membership store that vanished can stall it):
            // past a grace period, leave anyway, saying so, rather than hang.
            using var stopping = silo.Stopping.Register(() => _ = Task.Delay(LabSilo.ShutdownTimeout + TimeSpan.FromSeconds(5)).ContinueWith(_ =>
            {
                Console.Error.WriteLine($"silo: a graceful stop did not finish within {(LabSilo.ShutdownTimeout + TimeSpan.FromSeconds(5)).TotalSeconds:0} s; exiting.");
                Environment.Exit(CommandLineRunner.Failure);
            }, TaskScheduler.Default));
            await silo.WaitForShutdownAsync(CancellationToken.None);
            Console.WriteLine("Silo stopped.");
            return CommandLineRunner.Ok;
        });

        return root;
    }

    // The dashboard login from the options, else from the environment; half a login is refused.
    private static DashboardLogin? Login(string? user, string? password)
    {
        user ??= Environment.GetEnvironmentVariable(DashboardLogin.UserVariable);
        password ??= Environment.GetEnvironmentVariable(DashboardLogin.PasswordVariable);
        return (string.IsNullOrEmpty(user), string.IsNullOrEmpty(password)) switch
        {
            (true, true) => null,
            (false, false) => new DashboardLogin(user!, password!),
            (true, false) => throw new UsageException($"--dashboard-password needs --dashboard-user (or {DashboardLogin.UserVariable})."),
            (false, true) => throw new UsageException($"--dashboard-user needs --dashboard-password (or {DashboardLogin.PasswordVariable})."),
        };
    }
}
