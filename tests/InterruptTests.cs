using System.Diagnostics;
using System.Text.Json;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// Ctrl+C for real: a client process crunching on a silo process gets SIGINT. It must exit 130 within about a second
/// or two with an honest partial report, and the silo must stop crunching: cancellation reaches the grains, and no
/// job's remaining chunks are sent.
/// </summary>
[Collection(TimingCollection.Name)]
[Trait("Category", "Slow")]
public sealed class InterruptTests
{
    /// <summary>About a second to stop, with room for a loaded 2-core machine.</summary>
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Ctrl_C_mid_run_exits_130_with_a_partial_report_and_the_silo_stops_crunching()
    {
        await using var silo = await SiloProcess.StartAsync("--no-dashboard");

        // single-grain first: 8 jobs of 10 chunks of 100,000,000 terms (about 0.16 s each) on one grain, about 13 s of
        // crunching, so work left running after Ctrl+C would keep the silo busy long past the idle check below.
        using var client = await WatchedClient.StartAsync(
            ["run", "cpu", "--jobs", "8", "--terms", "1000000000", "--json", "--verbose", "--gateway", silo.Gateway],
            "cpu/single-grain: started");
        var before = LabProcess.CpuSeconds(silo.Pid);
        await WaitForSiloCpuAsync(silo.Pid, before);

        var interrupted = Stopwatch.StartNew();
        LabProcess.Interrupt(client.Process);
        await client.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var took = interrupted.Elapsed;
        Assert.True(client.Process.ExitCode == 130, $"exit {client.Process.ExitCode}; stderr: {client.Progress}");
        Assert.True(took < ExitWithin, $"took {took.TotalSeconds:0.00} s to exit after SIGINT");

        using var report = JsonDocument.Parse(await client.Rest);
        Assert.False(report.RootElement.GetProperty("complete").GetBoolean());
        var experiments = report.RootElement.GetProperty("experiments").EnumerateArray().ToList();
        var cpu = Assert.Single(experiments);
        Assert.Equal("cpu", cpu.GetProperty("name").GetString());
        Assert.False(cpu.GetProperty("complete").GetBoolean());
        Assert.False(cpu.GetProperty("holds").GetBoolean());
        Assert.Contains("Interrupted", cpu.GetProperty("explanation").GetString());

        // After the client is gone the silo goes idle: the chunk in flight finishes (0.16 s of CPU, longer on a loaded
        // machine) and no other is sent. A grain still crunching would keep a core busy second after second.
        await WaitForSiloIdleAsync(silo.Pid);
    }

    [Theory]
    [InlineData("SIGINT", 130, "Interrupted (Ctrl+C)")]
    [InlineData("SIGTERM", 143, "Terminated (SIGTERM)")]
    public async Task A_strategy_that_finished_before_the_signal_is_reported_inside_the_interrupted_experiment(string signal, int exitCode, string reason)
    {
        await using var silo = await SiloProcess.StartAsync("--no-dashboard");
        using var client = await WatchedClient.StartAsync(
            ["run", "async-fetch", "--count", "5", "--latency", "1s", "--strategy", "gather,separate-calls", "--json", "--verbose", "--gateway", silo.Gateway],
            "async-fetch/separate-calls: started");
        if (signal == "SIGINT")
        {
            LabProcess.Interrupt(client.Process);
        }
        else
        {
            LabProcess.Terminate(client.Process);
        }

        await client.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(client.Process.ExitCode == exitCode, $"exit {client.Process.ExitCode}: {client.Progress}");
        using var report = JsonDocument.Parse(await client.Rest);
        Assert.Equal(reason, report.RootElement.GetProperty("stopped").GetString());
        var experiment = Assert.Single(report.RootElement.GetProperty("experiments").EnumerateArray().ToList());
        Assert.False(experiment.GetProperty("complete").GetBoolean());
        Assert.False(experiment.GetProperty("holds").GetBoolean());
        var strategy = Assert.Single(experiment.GetProperty("strategies").EnumerateArray().ToList());
        Assert.Equal("gather", strategy.GetProperty("name").GetString());
    }

    /// <summary>Polls one-second windows of the silo's CPU use, with a deadline, until one shows it idle.</summary>
    private static async Task WaitForSiloIdleAsync(int pid)
    {
        var deadline = Stopwatch.StartNew();
        var rates = new List<double>();
        while (deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            var (from, window) = (LabProcess.CpuSeconds(pid), Stopwatch.StartNew());
            await Task.Delay(TimeSpan.FromSeconds(1));
            rates.Add((LabProcess.CpuSeconds(pid) - from) / window.Elapsed.TotalSeconds);
            if (rates[^1] < 0.2)
            {
                return;
            }
        }

        Assert.Fail($"the silo stayed busy after the client was interrupted: cores busy per second {string.Join(", ", rates.Select(r => r.ToString("0.00")))}");
    }

    /// <summary>The silo's CPU time rises once the chunks arrive; no event says so from outside, so poll with a deadline.</summary>
    private static async Task WaitForSiloCpuAsync(int pid, double before)
    {
        var deadline = Stopwatch.StartNew();
        while (LabProcess.CpuSeconds(pid) - before < 0.3)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "the silo never started crunching");
            await Task.Delay(50);
        }
    }
}
