using System.CommandLine;
using Concurrency.Hosting;
using Concurrency.Hosting.Cli;

var siloPort = CliOptions.Port("--silo-port", LabSiloOptions.DefaultSiloPort, "Silo-to-silo port (0 picks a free one).", allowZero: true);
var gatewayPort = CliOptions.Port("--gateway-port", LabSiloOptions.DefaultGatewayPort, "Port that clients connect to (0 picks a free one).", allowZero: true);
var dashboardPort = CliOptions.Port("--dashboard-port", LabSiloOptions.DefaultHttpPort, "HTTP port of the dashboard and the lab's endpoints (0 picks a free one).", allowZero: true);
var address = CliOptions.Address("--address", "Address every endpoint listens on. Loopback by default.");
var primary = CliOptions.Endpoint("--primary", "Silo endpoint (HOST:PORT) of the cluster's primary silo, to join it; omit to be the primary.");
var noDashboard = new Option<bool>("--no-dashboard") { Description = "Do not serve the Orleans dashboard." };
var verbose = new Option<bool>("--verbose") { Description = "Show Orleans' and ASP.NET Core's information-level logs." };

var root = new RootCommand("Runs one Concurrency Lab silo: Orleans, its dashboard and the lab's endpoints. Ctrl+C stops it gracefully.")
{
    siloPort, gatewayPort, dashboardPort, address, primary, noDashboard, verbose,
};

root.SetAction(async (parse, cancellationToken) =>
{
    var options = new LabSiloOptions
    {
        Address = parse.GetValue(address)!,
        SiloPort = parse.GetValue(siloPort),
        GatewayPort = parse.GetValue(gatewayPort),
        HttpPort = parse.GetValue(dashboardPort),
        Primary = parse.GetValue(primary),
        Dashboard = !parse.GetValue(noDashboard),
        Verbose = parse.GetValue(verbose),
    };

    await using var silo = await LabSilo.StartAsync(options, cancellationToken);
    var dashboard = silo.Dashboard is { } uri ? $", dashboard {uri}/" : "";
    Console.WriteLine($"Silo ready: gateway {silo.Gateway}, silo {silo.SiloEndpoint}{dashboard}, sites {silo.HttpBase}sites/. Ctrl+C stops it.");
    await silo.WaitForShutdownAsync(CancellationToken.None);
    Console.WriteLine("Silo stopped.");
    return CommandLineRunner.Ok;
});

return await CommandLineRunner.RunAsync(root, args, "silo");
