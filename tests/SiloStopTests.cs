using System.Diagnostics;
using System.Text;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// The silo a client runs against is stopped gracefully mid-run. The client must say so, in one line, and report
/// what finished, marked incomplete: not sit waiting for answers that cannot come (a download call may legitimately
/// take minutes, so no response timeout would end the wait soon).
/// </summary>
[Collection(HeavyProcessesCollection.Name)]
public sealed class SiloStopTests
{
    [Fact]
    public async Task A_silo_stopped_gracefully_mid_run_ends_the_client_with_a_clear_failure_and_a_partial_report()
    {
        await using var silo = await SiloProcess.StartAsync("--no-dashboard");

        // gather first (one latency), then separate-calls: 5 fetches of 3 s queued on one grain. Piped, the client
        // prints a plain line as each strategy starts.
        using var client = LabProcess.Start(LabProcess.ClientDll,
            ["run", "async-fetch", "--count", "5", "--latency", "3s", "--strategy", "gather,separate-calls", "--gateway", silo.Gateway]);
        var stderr = client.StandardError.ReadToEndAsync();
        var stdout = new StringBuilder();
        var fetching = new TaskCompletionSource();
        client.OutputDataReceived += (_, e) =>
        {
            lock (stdout)
            {
                stdout.AppendLine(e.Data);
            }

            if (e.Data?.StartsWith("async-fetch/separate-calls: started", StringComparison.Ordinal) == true)
            {
                fetching.TrySetResult();
            }
        };
        client.BeginOutputReadLine();
        client.EnableRaisingEvents = true;
        client.Exited += (_, _) => fetching.TrySetException(new InvalidOperationException($"the client exited before fetching: {stdout}"));

        await fetching.Task.WaitAsync(TimeSpan.FromSeconds(120));
        var stopped = Stopwatch.StartNew();
        await silo.StopGracefullyAsync(TimeSpan.FromSeconds(60));

        // The silo lets the fetch in flight finish before it goes (a graceful stop ends running calls first); after
        // that the client has nothing left to wait for.
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await client.WaitForExitAsync(deadline.Token);
        }

        var errors = await stderr;
        string report;
        lock (stdout)
        {
            report = stdout.ToString();
        }

        Assert.True(client.ExitCode == 1, $"exit {client.ExitCode} {stopped.Elapsed.TotalSeconds:0.0} s after the stop; stderr: {errors}");
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Lost the cluster: the connection to gateway " + silo.Gateway, line);
        Assert.Contains("The run was cut short (Lost the cluster", report);
        Assert.Contains("INTERRUPTED", report);
        Assert.Contains("gather", report);
    }
}
