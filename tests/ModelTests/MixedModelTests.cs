using Concurrency.Client.Experiments;
using Concurrency.Client.Results;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests.ModelTests;

/// <summary>The mixed model's latency percentiles, evaluated exactly.</summary>
public sealed class MixedModelTests
{
    private static readonly MixedExperiment Mixed = new();

    [Fact]
    public void Offloaded_requests_stay_at_the_idle_floor_on_any_shape()
    {
        var settings = new MixedSettings(300, 100, TimeSpan.FromMilliseconds(10), 4, 60_000_000);
        var costs = new MixedCosts(T1Seconds: 0.1, LocalPi: Math.PI, IdleP50Ms: 11, IdleP99Ms: 14);

        var expected = MixedExperiment.OffloadToWorkers.Model(settings, new ClusterShape(8, 16, 8, 16), costs);

        Assert.Equal((11.0, 14.0), (expected.P50Ms!.Value, expected.P99Ms!.Value));
        // 15 lanes beside the loop, 4 jobs of 0.1 s from 0.375 s on: the stream (2.99 s + 10 ms) is last.
        Assert.Equal(3.0, expected.Seconds, 9);
    }

    [Fact]
    public void In_the_handler_the_tail_grows_by_most_of_a_chunk_and_the_median_stays()
    {
        // 4 jobs of 0.1 s in a 3 s stream: the loop is held 13.3% of the time, so a request meets a chunk at one of its
        // two visits with chance 1 - (1 - 0.1333)^2 = 24.9%: the median waits nothing, p99 waits most of a chunk.
        var settings = new MixedSettings(300, 100, TimeSpan.FromMilliseconds(10), 4, 60_000_000);
        var costs = new MixedCosts(T1Seconds: 0.1, LocalPi: Math.PI, IdleP50Ms: 11, IdleP99Ms: 14);

        var expected = MixedExperiment.ComputeInHandler.Model(settings, ClusterShape.OneSilo(2), costs);

        Assert.Equal(11.0, expected.P50Ms!.Value, 9);
        var wait = expected.P99Ms!.Value - 14;
        Assert.InRange(wait, 90, 100);
        Assert.Equal(MixedExperiment.TwoVisitWait(0.99, 0.4 / 3, 100), wait, 9);
    }

    [Theory]
    // No job: no wait.
    [InlineData(0.0, 0.99, 0.0)]
    // Half the time held: p99 lies where only the meetings at both visits reach, 0.25 (200 - x)^2 / 20000 = 0.01,
    // so x = 200 - 20 sqrt(2): beyond one chunk.
    [InlineData(0.5, 0.99, 171.7157287525381)]
    // 1% held: a chunk is met with chance 1.99%, just above 1%; solving 0.0198 (1 - u) + 0.0001 (1 - u^2 / 2) = 0.01
    // for u = x / 100 gives about half a chunk.
    [InlineData(0.01, 0.99, 49.937027607922786)]
    public void The_two_visit_wait_is_the_exact_percentile_of_two_chances_of_a_uniform_wait(double busy, double p, double waitMs)
    {
        Assert.Equal(waitMs, MixedExperiment.TwoVisitWait(p, busy, 100), 6);
    }

    [Theory]
    // A core's worth free (taskset -c 0): offloaded jobs crunch beside the requests, so the claim is not judged.
    [InlineData(1.0, null, VerdictState.NotJudged)]
    // Both cores free: the same tails, offloading no better, is a claim that does not hold.
    [InlineData(2.0, null, VerdictState.DoesNotHold)]
    // A low reading at the start, both cores in the offload round: the round decides, and the claim is judged.
    [InlineData(1.3, 2.0, VerdictState.DoesNotHold)]
    // Both cores at the start, a neighbour in the offload round: not judged.
    [InlineData(2.0, 1.1, VerdictState.NotJudged)]
    public void Offloading_is_not_judged_where_no_core_is_free_for_the_jobs(double freeCores, double? freeInTheRound, VerdictState state)
    {
        var settings = new MixedSettings(300, 100, TimeSpan.FromMilliseconds(10), 2, 20_000_000);
        var costs = new MixedCosts(T1Seconds: 0.02, LocalPi: Math.PI, IdleP50Ms: 11, IdleP99Ms: 14, FreeCores: freeCores);
        Outcome<MixedFigures> Run(MixedExperiment.Strategy name) => new(
            name,
            name.Model(settings, ClusterShape.OneSilo(2), costs),
            3,
            new MixedFigures(P50Ms: 11, P99Ms: 200, MaxMs: 220, Requests: 300, Succeeded: 300, Math.PI, SameAsLocalRun: true, Jobs: 2, MeanJobSeconds: 0.02, LongestJobSeconds: 0.02)
            {
                FreeCores = name == MixedExperiment.OffloadToWorkers ? freeInTheRound : null,
            });

        var verdict = Mixed.DecideSteady(settings, ClusterShape.OneSilo(2), costs, [Run(MixedExperiment.ComputeInHandler), Run(MixedExperiment.OffloadToWorkers)]);

        Assert.Equal(state, verdict.State);
    }

    [Fact]
    public void An_offload_round_short_of_cores_is_set_aside_and_the_other_rounds_decide_the_tails()
    {
        // Four rounds whose tails sit on their models (a percent or two either way), and one where a neighbour left
        // 1.1 cores' worth: that round says nothing about what offloading does with a core to spare.
        var settings = new MixedSettings(300, 100, TimeSpan.FromMilliseconds(10), 4, 60_000_000);
        var costs = new MixedCosts(T1Seconds: 0.1, LocalPi: Math.PI, IdleP50Ms: 11, IdleP99Ms: 14, FreeCores: 2);
        var shape = ClusterShape.OneSilo(2);
        Outcome<MixedFigures> Run(MixedExperiment.Strategy name, double scale, double? free)
        {
            var model = name.Model(settings, shape, costs);
            return new(name, model, 3, new MixedFigures(P50Ms: 11, P99Ms: model.P99Ms!.Value * scale, MaxMs: 220, Requests: 300, Succeeded: 300, Math.PI, SameAsLocalRun: true, Jobs: 4, MeanJobSeconds: 0.1, LongestJobSeconds: 0.1)
            {
                FreeCores = name == MixedExperiment.OffloadToWorkers ? free : null,
            });
        }

        var rounds = new[] { (1.01, 2.0), (0.99, 1.9), (1.0, 1.1), (1.02, 1.95), (0.98, 2.0) }
            .Select(r => (IReadOnlyList<Outcome<MixedFigures>>)[Run(MixedExperiment.ComputeInHandler, r.Item1, null), Run(MixedExperiment.OffloadToWorkers, 2 - r.Item1, r.Item2)])
            .ToList();

        var verdict = Mixed.Decide(settings, shape, costs, rounds);

        Assert.True(verdict.State == VerdictState.Holds, $"{verdict.State} {verdict.NotJudgedReason}: {string.Join("; ", verdict.Checks.Select(c => c.Line))}");
        Assert.All(verdict.Checks.Where(c => c.Figure.Contains("p99", StringComparison.Ordinal)), c => Assert.Equal(4, c.Samples.Count));
    }
}
