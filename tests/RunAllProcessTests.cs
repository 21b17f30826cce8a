using System.Text.Json;
using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary><c>client run all --quick --json</c>: the tour of every experiment, checked against the result contract.</summary>
public sealed class RunAllProcessTests
{
    [Fact]
    public async Task The_quick_tour_runs_every_experiment_and_each_follows_the_contract()
    {
        var run = await LabProcess.RunClientAsync(TimeSpan.FromMinutes(3), "run", "all", "--quick", "--embedded", "--json");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("complete").GetBoolean());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("cluster").ValueKind);

        var experiments = root.GetProperty("experiments").EnumerateArray().ToList();
        Assert.Equal(ExperimentCatalog.All.Select(e => e.Name), experiments.Select(e => e.GetProperty("name").GetString()));
        foreach (var experiment in experiments)
        {
            var name = experiment.GetProperty("name").GetString();
            Assert.False(string.IsNullOrWhiteSpace(experiment.GetProperty("claim").GetString()), name);
            Assert.Equal(JsonValueKind.Object, experiment.GetProperty("parameters").ValueKind);
            Assert.Contains(experiment.GetProperty("holds").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
            Assert.False(string.IsNullOrWhiteSpace(experiment.GetProperty("explanation").GetString()), name);

            var strategies = experiment.GetProperty("strategies").EnumerateArray().ToList();
            Assert.NotEmpty(strategies);
            foreach (var strategy in strategies)
            {
                Assert.False(string.IsNullOrWhiteSpace(strategy.GetProperty("name").GetString()), name);
                Assert.Contains(strategy.GetProperty("expectedSeconds").ValueKind, new[] { JsonValueKind.Number, JsonValueKind.Null });
                Assert.True(strategy.GetProperty("measuredSeconds").GetDouble() > 0, $"{name}: a strategy measured no time");
            }
        }
    }
}
