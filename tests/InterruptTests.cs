using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// Ctrl+C for real: a client process crunching on a silo process gets SIGINT. It must exit 130 within about a second
/// or two with an honest partial report, and the silo must stop crunching: cancellation reaches the grains, and no
/// job's remaining chunks are sent.
/// </summary>
public sealed class InterruptTests
{
    /// <summary>About a second to stop, with room for a loaded 2-core machine.</summary>
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Ctrl_C_mid_run_exits_130_with_a_partial_report_and_the_silo_stops_crunching()
    {
        await using var silo = await SiloProcess.StartAsync("--no-dashboard");

        // single-grain first: 2 jobs of 10 chunks of 100,000,000 terms (about 0.16 s each), so the silo is busy for seconds.
        using var client = LabProcess.Start(LabProcess.ClientDll,
            ["run", "downloads", "cpu", "--count", "1", "--latency", "1ms", "--jobs", "2", "--terms", "1000000000", "--json", "--gateway", silo.Gateway]);
        var stdout = client.StandardOutput.ReadToEndAsync();
        var stderr = new StringBuilder();
        var crunchingStarted = new TaskCompletionSource();
        client.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }

            // With --json, each strategy's start is one line on stderr.
            if (e.Data?.StartsWith("cpu/single-grain: started", StringComparison.Ordinal) == true)
            {
                crunchingStarted.TrySetResult();
            }
        };
        client.BeginErrorReadLine();

        await crunchingStarted.Task.WaitAsync(TimeSpan.FromSeconds(120));
        var before = LabProcess.CpuSeconds(silo.Pid);
        await WaitForSiloCpuAsync(silo.Pid, before);

        var interrupted = Stopwatch.StartNew();
        LabProcess.Interrupt(client);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await client.WaitForExitAsync(deadline.Token);
        }

        var took = interrupted.Elapsed;
        Assert.True(client.ExitCode == 130, $"exit {client.ExitCode}; stderr: {stderr}");
        Assert.True(took < ExitWithin, $"took {took.TotalSeconds:0.00} s to exit after SIGINT");

        using var report = JsonDocument.Parse(await stdout);
        Assert.False(report.RootElement.GetProperty("complete").GetBoolean());
        var experiments = report.RootElement.GetProperty("experiments").EnumerateArray().ToList();
        Assert.Equal(["downloads", "cpu"], experiments.Select(e => e.GetProperty("name").GetString()));
        Assert.True(experiments[0].GetProperty("complete").GetBoolean());
        var cpu = experiments[1];
        Assert.False(cpu.GetProperty("complete").GetBoolean());
        Assert.False(cpu.GetProperty("holds").GetBoolean());
        Assert.Contains("Interrupted", cpu.GetProperty("explanation").GetString());

        // After the client is gone the silo idles: at most the chunk in flight finishes (about 0.16 s of CPU).
        var idleFrom = LabProcess.CpuSeconds(silo.Pid);
        var watch = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var busy = (LabProcess.CpuSeconds(silo.Pid) - idleFrom) / watch.Elapsed.TotalSeconds;
        Assert.True(busy < 0.3, $"the silo kept {busy:0.00} cores busy after the client was interrupted");
    }

    [Fact]
    public async Task A_strategy_that_finished_before_Ctrl_C_is_reported_inside_the_interrupted_experiment()
    {
        await using var silo = await SiloProcess.StartAsync("--no-dashboard");
        using var client = LabProcess.Start(LabProcess.ClientDll,
            ["run", "async-fetch", "--count", "5", "--latency", "1s", "--strategy", "gather,separate-calls", "--json", "--gateway", silo.Gateway]);
        var stdout = client.StandardOutput.ReadToEndAsync();
        var separateStarted = new TaskCompletionSource();
        client.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("async-fetch/separate-calls: started", StringComparison.Ordinal) == true)
            {
                separateStarted.TrySetResult();
            }
        };
        client.BeginErrorReadLine();

        await separateStarted.Task.WaitAsync(TimeSpan.FromSeconds(120));
        LabProcess.Interrupt(client);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await client.WaitForExitAsync(deadline.Token);
        }

        Assert.Equal(130, client.ExitCode);
        using var report = JsonDocument.Parse(await stdout);
        var experiment = Assert.Single(report.RootElement.GetProperty("experiments").EnumerateArray().ToList());
        Assert.False(experiment.GetProperty("complete").GetBoolean());
        Assert.False(experiment.GetProperty("holds").GetBoolean());
        var strategy = Assert.Single(experiment.GetProperty("strategies").EnumerateArray().ToList());
        Assert.Equal("gather", strategy.GetProperty("name").GetString());
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
