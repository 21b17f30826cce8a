using System.Text.Json;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>The client as a user runs it: a real process with an embedded silo, checked against the JSON contract.</summary>
[Trait("Category", "Slow")]
public sealed class ClientProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task Downloads_on_an_embedded_silo_print_one_json_document_that_follows_the_contract()
    {
        var run = await LabProcess.RunClientAsync(Timeout, "run", "downloads", "--count", "3", "--latency", "200ms", "--embedded", "--json");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;

        var cluster = root.GetProperty("cluster");
        Assert.Equal(1, cluster.GetProperty("silos").GetInt32());
        Assert.True(cluster.GetProperty("embedded").GetBoolean());
        Assert.True(cluster.GetProperty("processorCount").GetInt32() >= 1);
        Assert.True(root.GetProperty("complete").GetBoolean());

        var experiment = Assert.Single(root.GetProperty("experiments").EnumerateArray());
        Assert.Equal("downloads", experiment.GetProperty("name").GetString());
        Assert.False(string.IsNullOrWhiteSpace(experiment.GetProperty("claim").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(experiment.GetProperty("explanation").GetString()));
        Assert.Equal(3, experiment.GetProperty("parameters").GetProperty("count").GetInt32());
        Assert.Equal(0.2, experiment.GetProperty("parameters").GetProperty("latencySeconds").GetDouble(), 6);

        var strategies = experiment.GetProperty("strategies").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(["sequential", "concurrent"], strategies.Keys);
        Assert.Equal(0.6, strategies["sequential"].GetProperty("expectedSeconds").GetDouble(), 6);
        Assert.Equal(0.2, strategies["concurrent"].GetProperty("expectedSeconds").GetDouble(), 6);
        var sequential = strategies["sequential"].GetProperty("measuredSeconds").GetDouble();
        var concurrent = strategies["concurrent"].GetProperty("measuredSeconds").GetDouble();
        Assert.True(concurrent <= 0.5 * sequential, $"concurrent {concurrent} s is not at most half of sequential {sequential} s");

        // The contract is checked above; the verdict is evidence on this machine, so a loaded one may not judge it.
        Verdicts.AssertHolds(experiment);
        Assert.Equal(JsonValueKind.True, experiment.GetProperty("holds").ValueKind);
    }

    [Fact]
    public async Task Without_json_it_prints_a_table_with_the_verdict()
    {
        var run = await LabProcess.RunClientAsync(Timeout, "run", "downloads", "--count", "2", "--latency", "100ms", "--embedded");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Contains("sequential", run.Stdout);
        Assert.Contains("concurrent", run.Stdout);
        // The verdict is measured, so on a loaded machine it may go any way, not judged included; the table must give one.
        Assert.Matches("HOLDS|DOES NOT HOLD|NOT JUDGED", run.Stdout);
    }

    /// <summary>
    /// The terminal is not a log: a blocking run makes Orleans warn of long turns in lines of hundreds of characters,
    /// and the embedded silo counts them instead of printing them, on stdout or stderr, while the result says how many.
    /// </summary>
    [Fact]
    public async Task A_blocking_run_states_orleans_long_turn_warnings_as_a_count_instead_of_printing_them()
    {
        var run = await LabProcess.RunClientAsync(Timeout, "run", "blocking", "--strategy", "blocking-sleep", "--count", "2", "--latency", "1100ms", "--embedded");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        var lines = run.Stdout.Split('\n').Concat(run.Stderr.Split('\n')).ToList();
        Assert.DoesNotContain(lines, l => l.Length > 300);
        Assert.DoesNotContain(lines, l => l.Contains("Orleans.Runtime", StringComparison.Ordinal));
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(run.Stdout, @"Orleans\s+warned\s+of\s+[1-9][\d,]*\s+long\s+turns?"), run.Stdout);
    }

    [Fact]
    public async Task List_names_every_experiment_with_its_claim()
    {
        var run = await LabProcess.RunClientAsync(Timeout, "list", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var names = json.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Contains("downloads", names);
        Assert.All(json.RootElement.EnumerateArray(), e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("claim").GetString())));
    }
}
