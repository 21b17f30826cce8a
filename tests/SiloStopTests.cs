using System.Diagnostics;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// The silo a client runs against is stopped gracefully mid-run. The client must say so, in one line, and report
/// what finished, marked incomplete: not sit waiting for answers that cannot come (a download call may legitimately
/// take minutes, so no response timeout would end the wait soon).
/// </summary>
[Trait("Category", "Slow")]
public sealed class SiloStopTests
{
    [Fact]
    public async Task A_silo_stopped_gracefully_mid_run_ends_the_client_with_a_clear_failure_and_a_partial_report()
    {
        await using var silo = await SiloProcess.StartAsync("--no-dashboard");

        // gather first (one latency), then separate-calls: 5 fetches of 3 s queued on one grain. Piped, the client
        // prints a plain line on stdout as each strategy starts.
        using var client = await WatchedClient.StartAsync(
            ["run", "async-fetch", "--count", "5", "--latency", "3s", "--strategy", "gather,separate-calls", "--gateway", silo.Gateway],
            "async-fetch/separate-calls: started");
        var stopped = Stopwatch.StartNew();
        await silo.StopGracefullyAsync(TimeSpan.FromSeconds(60));

        // The silo lets the fetch in flight finish before it goes (a graceful stop ends running calls first); after
        // that the client has nothing left to wait for.
        await client.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var errors = await client.Rest;
        var report = client.Progress;
        Assert.True(client.Process.ExitCode == 1, $"exit {client.Process.ExitCode} {stopped.Elapsed.TotalSeconds:0.0} s after the stop; stderr: {errors}");
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Lost the cluster: the connection to gateway " + silo.Gateway, line);
        // Which comes first is a race, and both are the truth about a silo that stops: the connection closing, or the
        // silo refusing the call in flight because it is shutting down.
        Assert.True(
            report.Contains("The run was cut short (Lost the cluster", StringComparison.Ordinal)
            || (report.Contains("The run was cut short (A grain call failed because its silo left the cluster or", StringComparison.Ordinal) && report.Contains("shutting down", StringComparison.Ordinal)),
            report);
        Assert.Contains("INTERRUPTED", report);
        Assert.Contains("gather", report);
    }
}
