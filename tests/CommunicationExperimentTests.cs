using System.Text.Json;
using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// The payload sweep as a user runs it, up to 256 KiB on every path including a silo process: by reference inside
/// the silo, copies everywhere else, and a copy's cost growing with its bytes where sharing's does not.
/// </summary>
[Trait("Category", "Slow")]
[Collection(TimingCollection.Name)]
public sealed class CommunicationExperimentTests
{
    [SkippableFact]
    public async Task Bytes_go_by_reference_only_inside_one_silo_and_copies_cost_by_the_byte()
    {
        var run = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(120), "run", "communication", "--largest", "262144", "--calls", "9", "--silo-processes", "1", "--embedded", "--json");
        Assert.True(run.ExitCode is 0 or 1, $"exit {run.ExitCode}: {run.Stderr}");

        using var report = JsonDocument.Parse(run.Stdout);
        var experiment = Assert.Single(report.RootElement.GetProperty("experiments").EnumerateArray().ToList());
        var strategies = experiment.GetProperty("strategies").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("metrics"));
        Assert.Equal([CommunicationExperiment.SameSiloImmutable.Name, CommunicationExperiment.SameSiloCopied.Name, CommunicationExperiment.SilosInOneProcess.Name, CommunicationExperiment.SiloProcesses.Name], strategies.Keys);
        foreach (var (name, metrics) in strategies)
        {
            Assert.Equal(Client.Experiments.Isolation.CopySegments.Ladder(262144), metrics.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("bytes").GetInt64()));
            Assert.Equal(name == CommunicationExperiment.SameSiloImmutable.Name, metrics.GetProperty("sameArray").GetBoolean());
            Assert.Equal(name == CommunicationExperiment.SiloProcesses.Name, metrics.GetProperty("otherProcess").GetBoolean());
        }

        Assert.Equal(4, experiment.GetProperty("costs").GetProperty("rehearsals").GetArrayLength());

        Verdicts.AssertHolds(experiment);
    }
}
