using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// The Aspire app host (apphost/) under Aspire's testing builder: redis-server and two silo processes that find each
/// other in it; a client run of the cluster strategy against them must land jobs on both silos.
/// </summary>
[Trait("Category", "Slow")]
public sealed class AppHostTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task Two_silos_and_redis_under_the_app_host_run_the_client_runs_cpu_jobs_on_both()
    {
        Skip.If(RedisServer.Executable is null, RedisServer.NotInstalled);
        var orchestratorMissing = await OrchestratorMissingAsync();
        Skip.If(orchestratorMissing is not null, orchestratorMissing);
        using var cancel = new CancellationTokenSource(Timeout);
        var token = cancel.Token;

        // Free ports, not the defaults: a developer's own cluster (or another test) may hold 30000 and the rest.
        var redisPort = Port(FreeTcpPort.Pick());
        string[] args =
        [
            "--silos", "2",
            "--redis-port", redisPort,
            "--silo-port", Port(FreeTcpPort.PickRange(2)),
            "--gateway-port", Port(FreeTcpPort.PickRange(2)),
            "--dashboard-port", Port(FreeTcpPort.PickRange(2)),
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Concurrency_AppHost>(args, token);
        await using var app = await builder.BuildAsync(token);
        await app.StartAsync(token);

        // A silo is healthy once its /health answers; the silos wait for Redis to take connections before they start.
        await app.ResourceNotifications.WaitForResourceHealthyAsync("silo-1", token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("silo-2", token);

        // The client as its own process, finding both gateways in the app host's Redis, as a user's client would.
        var run = await LabProcess.RunClientAsync(
            Timeout, "run", "cpu", "--strategy", "cluster", "--quick", "--clustering", "redis", "--redis", $"127.0.0.1:{redisPort}", "--json");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        using var json = JsonDocument.Parse(run.Stdout);
        var (_, jobsPerSilo) = ClusterRunJson.OnSilos(json, silos: 2);
        Assert.All(jobsPerSilo, silo => Assert.True(silo.Value.GetInt32() > 0, run.Stdout));
    }

    /// <summary>
    /// Why Aspire's orchestrator (DCP, from the Aspire.Hosting.Orchestration package the app host's build names)
    /// cannot run here, or null where it can: the only reason this test is skipped besides a missing redis-server.
    /// </summary>
    private static async Task<string?> OrchestratorMissingAsync()
    {
        var dcp = Assembly.Load("Concurrency.AppHost").GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "dcpclipath")?.Value;
        if (dcp is null || !File.Exists(dcp))
        {
            return $"Aspire's orchestrator (dcp) is not where the app host's build says: '{dcp}'.";
        }

        try
        {
            var run = await LabProcess.RunExecutableAsync(dcp, TimeSpan.FromSeconds(20), "version");
            return run.ExitCode == 0 ? null : $"Aspire's orchestrator {dcp} cannot run here: exit {run.ExitCode}, {run.Stderr.Trim()}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
        {
            return $"Aspire's orchestrator {dcp} cannot run here: {e.Message}";
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
