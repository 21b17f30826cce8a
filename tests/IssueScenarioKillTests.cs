using System.Text.Json;
using Concurrency.Client.Cli;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// Issue 14's own scenario with real processes, scaled down: four silo processes (--primary), a client running
/// `run cpu --jobs 16 --strategy single-grain,cluster`, and `kill -9` of a silo other than the gateway's just as
/// single-grain has finished and cluster sets up (its "cluster: warm-up" line, when the dispatchers of the silos just
/// described are about to be warmed; every strategy's roster prints the describe line, only cluster's warms). A call
/// to the dead silo once waited out the 30 s response timeout and lost the run; now every setup call races
/// membership, and the run completes with every strategy's pi equal to the local run's.
/// </summary>
[Trait("Category", "Slow")]
public sealed class IssueScenarioKillTests
{
    [Fact]
    public async Task A_silo_killed_as_cluster_sets_up_after_single_grain_leaves_the_run_complete_and_exact()
    {
        await using var primary = await SiloProcess.StartAsync("--no-dashboard");
        string[] join = ["--no-dashboard", "--primary", $"127.0.0.1:{primary.SiloPort}"];
        var others = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SiloProcess.StartAsync(join)));
        try
        {
            var victim = others[1];
            using var client = await WatchedClient.StartAsync(
                ["run", "cpu", "--gateway", primary.Gateway, "--jobs", "16", "--terms", "4000000", "--strategy", "single-grain,cluster", "--json", "--verbose"],
                "cluster: warm-up,");
            Assert.Contains("cpu/single-grain: 16/16 done", client.Progress);
            victim.Process.Kill();
            await client.WaitForExitAsync(TimeSpan.FromSeconds(120));

            var output = await client.Rest;
            var exit = client.Process.ExitCode;
            Assert.True(exit is 0 or ExperimentRunner.ClaimFailed, $"exit {exit}: {client.Progress}");
            using var json = JsonDocument.Parse(output);
            Assert.True(json.RootElement.GetProperty("complete").GetBoolean(), client.Progress);
            Assert.False(json.RootElement.TryGetProperty("stopped", out var stopped) && stopped.ValueKind != JsonValueKind.Null, client.Progress);
            var experiment = Assert.Single(json.RootElement.GetProperty("experiments").EnumerateArray());
            var strategies = experiment.GetProperty("strategies").EnumerateArray().ToList();
            Assert.Equal(["single-grain", "cluster"], strategies.Select(s => s.GetProperty("name").GetString()));
            Assert.All(strategies, s => Assert.True(s.GetProperty("metrics").GetProperty("sameAsLocalRun").GetBoolean(), $"{s.GetProperty("name")}: {s.GetProperty("metrics")}"));
            var cluster = strategies[1].GetProperty("metrics").GetProperty("cluster");
            Assert.Equal(16, cluster.GetProperty("unitsPerSilo").EnumerateObject().Sum(p => p.Value.GetInt32()));
            Assert.DoesNotContain(cluster.GetProperty("unitsPerSilo").EnumerateObject(), p => p.Name.StartsWith($"127.0.0.1:{victim.SiloPort}@", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var silo in others)
            {
                await silo.DisposeAsync();
            }
        }
    }
}
