using System.Text.Json;
using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// Three ways to isolated workers as a user runs them: each gets a copy, only the silo process runs elsewhere, and a
/// silo in this process starts lighter than a silo process.
/// </summary>
[Trait("Category", "Slow")]
[Collection(TimingCollection.Name)]
public sealed class SubinterpretersExperimentTests
{
    [SkippableFact]
    public async Task Every_worker_gets_a_copy_and_a_silo_in_this_process_starts_lighter_than_a_process()
    {
        var run = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(120), "run", "subinterpreters", "--quick", "--silo-processes", "1", "--embedded", "--json");
        Assert.True(run.ExitCode is 0 or 1, $"exit {run.ExitCode}: {run.Stderr}");

        using var report = JsonDocument.Parse(run.Stdout);
        var experiment = Assert.Single(report.RootElement.GetProperty("experiments").EnumerateArray().ToList());
        var strategies = experiment.GetProperty("strategies").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("metrics"));
        Assert.Equal([SubinterpretersExperiment.GrainsInOneSilo.Name, SubinterpretersExperiment.SilosInOneProcess.Name, SubinterpretersExperiment.SiloProcesses.Name], strategies.Keys);
        foreach (var (name, metrics) in strategies)
        {
            Assert.True(metrics.GetProperty("copied").GetBoolean(), $"{name}: {metrics}");
            Assert.Equal(name == SubinterpretersExperiment.SiloProcesses.Name, metrics.GetProperty("otherProcess").GetBoolean());
            Assert.True(metrics.GetProperty("message").GetProperty("ms").GetDouble() > 0, $"{name}: {metrics}");
        }

        Verdicts.AssertHolds(experiment);
    }
}
