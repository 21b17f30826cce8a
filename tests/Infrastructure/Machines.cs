using System.Diagnostics;

namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// scripts/machines.sh from a test: N machines (network namespaces, a bridge, a core each, a silo each) and a bash
/// script run in the client's namespace, every namespace removed afterwards. Each call names its namespaces uniquely.
/// </summary>
public static class Machines
{
    private static int _calls;

    /// <summary>Why machines cannot be made here, or null where they can (root, with iproute2).</summary>
    public static string? Unavailable =>
        Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root" ? "network namespaces need root"
        : !new[] { "/usr/sbin/ip", "/usr/bin/ip", "/sbin/ip" }.Any(File.Exists) ? "iproute2 (ip netns) is not installed"
        : null;

    /// <summary>The client program, as the script in the client's namespace starts it: gateway machine 1.</summary>
    public static string Client(string args) => $"dotnet {LabProcess.ClientDll} {args} --gateway 10.77.0.1:30000";

    /// <summary>Runs <paramref name="script"/> (bash) in the client's namespace of <paramref name="count"/> machines on <paramref name="cores"/>.</summary>
    public static async Task<ProcessResult> RunAsync(int count, string cores, string script, TimeSpan within)
    {
        var id = $"{Environment.ProcessId % 10000}{Interlocked.Increment(ref _calls) % 100:00}";
        // A session of its own (setsid), so stopping it reaches the script, the client and the silos together.
        var start = new ProcessStartInfo("setsid")
        {
            ArgumentList = { Path.Combine(LabProcess.RepositoryRoot, "scripts", "machines.sh"), $"{count}", "--cores", cores, "--", "bash", "-c", "set -euo pipefail\n" + script },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["MACHINES_ID"] = id,
                ["CONFIGURATION"] = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!),
            },
        };
        using var machines = Process.Start(start)!;
        var stdout = machines.StandardOutput.ReadToEndAsync();
        var stderr = machines.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(within);
        try
        {
            await machines.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"machines.sh did not finish within {within}: {await StopAsync(machines, stderr)}");
        }
        finally
        {
            await StopAsync(machines, stderr);
            Assert.DoesNotContain(Directory.Exists("/run/netns") ? Directory.GetFiles("/run/netns") : [], f => Path.GetFileName(f).StartsWith($"cl{id}", StringComparison.Ordinal));
        }

        return new ProcessResult(machines.ExitCode, await stdout, await stderr);
    }

    /// <summary>SIGTERM to the whole session, so the script's trap removes the namespaces; returns what it wrote to stderr.</summary>
    private static async Task<string> StopAsync(Process machines, Task<string> stderr)
    {
        if (!machines.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", "--", $"-{machines.Id}"]))
            {
                await kill.WaitForExitAsync(CancellationToken.None);
            }

            await machines.WaitForExitAsync(CancellationToken.None);
        }

        return await stderr;
    }
}
