using System.Text.Json;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// A short soak: every experiment twice against one silo process, then every idle activation collected.
/// Nothing may fail, and the activations must come back down to where they started: no grain, timer or crunch left behind.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SoakTests
{
    [Fact]
    public async Task A_soak_runs_every_experiment_repeatedly_and_the_silo_settles_back()
    {
        await using var silo = await SiloProcess.StartAsync("--no-dashboard");

        // Two iterations: the second shows whether the first left anything behind that grows.
        var run = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(240), "soak", "--iterations", "2", "--json", "--gateway", silo.Gateway);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}\n{run.Stdout}");
        using var report = JsonDocument.Parse(run.Stdout);
        var root = report.RootElement;
        Assert.Equal(2, root.GetProperty("iterations").GetInt32());
        Assert.Empty(root.GetProperty("failures").EnumerateArray());
        var samples = root.GetProperty("samples").EnumerateArray().ToList();
        var baseline = root.GetProperty("baseline");
        var settled = root.GetProperty("settled");
        Assert.True(samples.Max(s => s.GetProperty("activations").GetInt32()) > baseline.GetProperty("activations").GetInt32(), "the soak activated no grains");
        Assert.True(settled.GetProperty("activations").GetInt32() <= baseline.GetProperty("activations").GetInt32() + 8, run.Stdout);
        Assert.Equal(0, settled.GetProperty("runningCrunches").GetInt32());
        Assert.Equal(0, settled.GetProperty("pendingNetworkTimers").GetInt32());

        // Memory: the last iteration's working set stays within reach of the first one's; a leak grows with every iteration.
        var first = samples[0].GetProperty("workingSetMegabytes").GetDouble();
        var last = samples[^1].GetProperty("workingSetMegabytes").GetDouble();
        Assert.True(last <= Math.Max(1.5 * first, first + 100), $"working set grew from {first} MB to {last} MB");
    }
}
