using System.Text.Json;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary><c>client advise</c> as a user runs it: the JSON shape is exactly the four fields, plus the measurement when asked.</summary>
[Trait("Category", "Slow")]
public sealed class AdviseProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Advice_as_json_has_exactly_the_four_fields()
    {
        var run = await LabProcess.RunClientAsync(Timeout, "advise", "--kind", "io", "--concurrency", "1000", "--duration", "500ms", "--json");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal(["recommendation", "pythonEquivalent", "experiment", "reasons"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("async-fetch", root.GetProperty("experiment").GetString());
        Assert.Contains("asyncio", root.GetProperty("pythonEquivalent").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("recommendation").GetString()));
        Assert.InRange(root.GetProperty("reasons").GetArrayLength(), 2, 3);
    }

    [Fact]
    public async Task Measure_runs_the_experiment_at_the_given_sizes_and_says_whether_the_advice_held()
    {
        var run = await LabProcess.RunClientAsync(Timeout, "advise", "--kind", "io", "--concurrency", "20", "--duration", "200ms", "--measure", "--embedded", "--json");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal(["recommendation", "pythonEquivalent", "experiment", "reasons", "measurement"], root.EnumerateObject().Select(p => p.Name));
        var measurement = root.GetProperty("measurement");
        var result = measurement.GetProperty("result");
        Assert.Equal("async-fetch", result.GetProperty("name").GetString());
        Assert.Equal(20, result.GetProperty("parameters").GetProperty("count").GetInt32());
        Assert.Equal(0.2, result.GetProperty("parameters").GetProperty("latencySeconds").GetDouble(), 6);
        Assert.Equal(result.GetProperty("holds").GetBoolean(), measurement.GetProperty("held").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(measurement.GetProperty("verdict").GetString()));
    }

    [Fact]
    public async Task Measure_of_a_few_operations_runs_the_sync_experiment_and_judges_the_advice_by_its_verdict()
    {
        var run = await LabProcess.RunClientAsync(Timeout, "advise", "--kind", "io", "--concurrency", "3", "--duration", "100ms", "--measure", "--embedded", "--json");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        using var json = JsonDocument.Parse(run.Stdout);
        var measurement = json.RootElement.GetProperty("measurement");
        var result = measurement.GetProperty("result");
        Assert.Equal("sync", result.GetProperty("name").GetString());
        Assert.Equal(3, result.GetProperty("parameters").GetProperty("files").GetInt32());
        Assert.Equal(result.GetProperty("holds").GetBoolean(), measurement.GetProperty("held").GetBoolean());
    }
}
