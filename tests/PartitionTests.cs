using System.Diagnostics;
using System.Text.Json;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// Three machines of their own (network namespaces, scripts/machines.sh) and a client in a fourth. Mid-run, during the
/// cpu cluster strategy's chunks, machine 3's link goes down: its silo process lives on, its network is gone.
/// Membership must declare it dead, its chunks must be redone elsewhere, and the run must give the exact pi with
/// every chunk counted once. Needs root and ip netns (CI has both); skipped with the reason elsewhere.
/// </summary>
[Collection(HeavyProcessesCollection.Name)]
public sealed class PartitionTests
{
    private const int Jobs = 6;
    private const long Terms = 200_000_000;

    [SkippableFact]
    public async Task A_machine_cut_off_during_the_cluster_chunks_loses_nothing_and_counts_nothing_twice()
    {
        Skip.IfNot(Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root", "network namespaces need root");
        Skip.IfNot(File.Exists("/usr/sbin/ip") || File.Exists("/usr/bin/ip") || File.Exists("/sbin/ip"), "iproute2 (ip netns) is not installed");

        // Runs inside the client's namespace: start the run, wait (on its progress stream) for the chunks to start,
        // then take machine 3's port on the bridge down.
        var client = $"dotnet {LabProcess.ClientDll} run cpu --gateway 10.77.0.1:30000 --strategy cluster --jobs {Jobs} --terms {Terms} --json --verbose";
        var script = $$"""
            set -euo pipefail
            dir=$(mktemp -d)
            {{client}} >"$dir/out.json" 2>"$dir/progress" &
            run=$!
            grep -m1 -q 'cpu/cluster: started' <(tail -n +1 -f "$dir/progress")
            ip netns exec "${MACHINES_PREFIX}sw" ip link set "${MACHINES_PREFIX}p3" down
            echo "link of machine 3 down" >&2
            status=0; wait "$run" || status=$?
            cat "$dir/out.json"
            exit "$status"
            """;
        var start = new ProcessStartInfo(Path.Combine(LabProcess.RepositoryRoot, "scripts", "machines.sh"))
        {
            ArgumentList = { "3", "--cores", "0,1,0", "--", "bash", "-c", script },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["MACHINES_ID"] = $"{Environment.ProcessId % 100000}", ["CONFIGURATION"] = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!) },
        };
        using var machines = Process.Start(start)!;
        var stdout = machines.StandardOutput.ReadToEndAsync();
        var stderr = machines.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await machines.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!machines.HasExited)
            {
                // SIGTERM, so the script's trap removes the namespaces.
                using var term = Process.Start("kill", ["-TERM", $"{machines.Id}"]);
                await machines.WaitForExitAsync(CancellationToken.None);
            }
        }

        Assert.True(machines.ExitCode == 0, $"exit {machines.ExitCode}: {await stderr}");
        Assert.Contains("link of machine 3 down", await stderr);
        using var json = JsonDocument.Parse(await stdout);
        Assert.True(json.RootElement.GetProperty("complete").GetBoolean());
        var experiment = Assert.Single(json.RootElement.GetProperty("experiments").EnumerateArray());
        var chunksPerJob = experiment.GetProperty("parameters").GetProperty("chunksPerJob").GetInt32();
        var metrics = Assert.Single(experiment.GetProperty("strategies").EnumerateArray()).GetProperty("metrics");
        Assert.True(metrics.GetProperty("sameAsLocalRun").GetBoolean());
        var tally = metrics.GetProperty("cluster");
        Assert.Equal(3, tally.GetProperty("silos").GetInt32());
        var chunks = tally.GetProperty("unitsPerSilo").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(Jobs * chunksPerJob, chunks.Values.Sum());
        Assert.True(tally.GetProperty("retriedCalls").GetInt64() > 0, $"machine 3 was cut off mid-run, yet nothing was sent again: {string.Join(", ", chunks)}");
        Assert.DoesNotContain(Directory.GetFiles("/run/netns"), f => Path.GetFileName(f).StartsWith($"cl{Environment.ProcessId % 100000}", StringComparison.Ordinal));
    }
}
