using System.Text.Json;
using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// The mixed experiment scaled down: 100 requests of 10 ms at 100 a second (one second of stream) while 2 pi jobs of
/// 20,000,000 terms arrive. It measures tail latency, which leftovers of other tests' clusters in the test host (a
/// silo being torn down, threads still parked in it) would swamp; so it runs as the client program itself, with an
/// embedded silo in a process of its own, as a user runs it.
/// </summary>
[Trait("Category", "Slow")]
[Collection(TimingCollection.Name)]
public sealed class MixedExperimentTests
{
    [SkippableFact]
    public async Task Offloading_the_cpu_jobs_cuts_the_requests_tail_latency_and_every_strategy_gets_the_same_pi()
    {
        var run = await LabProcess.RunClientAsync(
            TimeSpan.FromSeconds(120),
            "run", "mixed", "--requests", "100", "--rate", "100", "--latency", "10ms", "--jobs", "2", "--terms", "20000000", "--embedded", "--json");
        // 1 is a claim that did not hold: the figures below are still a whole measurement, judged here on a looser bar.
        Assert.True(run.ExitCode is 0 or 1, $"exit {run.ExitCode}: {run.Stderr}");

        using var report = JsonDocument.Parse(run.Stdout);
        var experiment = Assert.Single(report.RootElement.GetProperty("experiments").EnumerateArray().ToList());
        var strategies = experiment.GetProperty("strategies").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("metrics"));
        Assert.Equal([MixedExperiment.ComputeInHandler.Name, MixedExperiment.OffloadToWorkers.Name], strategies.Keys);
        foreach (var (name, metrics) in strategies)
        {
            Assert.Equal(100, metrics.GetProperty("requests").GetInt32());
            Assert.True(metrics.GetProperty("succeeded").GetInt32() == 100, $"{name}: {metrics}");
            Assert.True(metrics.GetProperty("sameAsLocalRun").GetBoolean(), $"{name}: {metrics}");
            Assert.InRange(metrics.GetProperty("p50Ms").GetDouble(), 10, metrics.GetProperty("p99Ms").GetDouble());
            Assert.InRange(metrics.GetProperty("result").GetDouble(), Math.PI - 1e-6, Math.PI + 1e-6);
        }

        var (inHandler, offload) = (strategies[MixedExperiment.ComputeInHandler.Name], strategies[MixedExperiment.OffloadToWorkers.Name]);
        Assert.Equal(inHandler.GetProperty("result").GetDouble(), offload.GetProperty("result").GetDouble());
        Verdicts.AssertHolds(experiment);
    }

    [Fact]
    public void Sizes_that_would_keep_the_handler_crunching_toward_the_response_timeout_are_refused()
    {
        var error = Assert.Throws<Hosting.UsageException>(() => Client.Cli.RunCommand.Prepare(new MixedExperiment(), ["--jobs", "64", "--terms", "100000000"]));

        Assert.Contains("--jobs 64", error.Message);
    }
}
