using System.Text.Json;
using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// The spawn ladder as a user runs it, the client program with an embedded silo in a process of its own: every rung
/// measured (the silo process once), in the order the article's claim puts them.
/// </summary>
[Trait("Category", "Slow")]
[Collection(TimingCollection.Name)]
public sealed class SpawnExperimentTests
{
    [SkippableFact]
    public async Task Every_rung_of_the_ladder_is_measured_and_a_process_costs_orders_of_magnitude_more_than_a_thread()
    {
        var run = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(120), "run", "spawn", "--quick", "--process-starts", "2", "--embedded", "--json");
        Assert.True(run.ExitCode is 0 or 1, $"exit {run.ExitCode}: {run.Stderr}");

        using var report = JsonDocument.Parse(run.Stdout);
        var experiment = Assert.Single(report.RootElement.GetProperty("experiments").EnumerateArray().ToList());
        var ladder = experiment.GetProperty("costs").GetProperty("ladder").EnumerateArray()
            .ToDictionary(s => s.GetProperty("step").GetString()!, s => s.GetProperty("cost"));
        Assert.Equal(
            [SpawnExperiment.ThreadStep, SpawnExperiment.TaskStep, SpawnExperiment.ActivationStep, SpawnExperiment.WarmCallStep, SpawnExperiment.InProcessSiloStep, SpawnExperiment.SiloProcessStep],
            ladder.Keys);
        Assert.All(ladder, step => Assert.True(step.Value.ValueKind == JsonValueKind.Object && step.Value.GetProperty("medianMs").GetDouble() > 0, $"{step.Key}: {step.Value}"));

        var strategies = experiment.GetProperty("strategies").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("metrics"));
        Assert.Equal([SpawnExperiment.FreshActivations.Name, SpawnExperiment.NewThreads.Name], strategies.Keys);
        Assert.All(strategies.Values, m => Assert.True(m.GetProperty("taskTerms").GetInt64() > 0));

        Verdicts.AssertHolds(experiment);
    }
}
