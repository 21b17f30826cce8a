using Concurrency.Client.Experiments;
using Concurrency.Client.Experiments.Isolation;
using Concurrency.Client.Results;

namespace Concurrency.Tests.ModelTests;

/// <summary>The fixed-plus-bandwidth lines, one per heap, the sweep's expected time, and the judge on sweeps built by hand.</summary>
public sealed class CommunicationModelTests
{
    private static readonly CommunicationExperiment Communication = new();

    // Sizes 1, 4, 16, 64 KiB on the small-object heap; 256 KiB, 1 and 4 MiB on the large one.
    private static readonly CommunicationSettings Settings = new(Largest: 4 << 20, Calls: 6);

    private static readonly PayloadCosts Costs = new(
        [new PathRehearsal(PayloadPath.SiloProcess, Settings.Sizes, [.. Settings.Sizes.Select(Process)]), new PathRehearsal(PayloadPath.SameSiloShared, Settings.Sizes, [.. Settings.Sizes.Select(_ => 0.02)])],
        null);

    [Fact]
    public void The_line_through_two_sizes_has_the_fixed_cost_and_the_bandwidth()
    {
        var line = new PathFit(PayloadPath.SiloProcess, 1024, 0.1 + 1024e-6, 16384, 0.1 + 16384e-6);
        Assert.Equal(0.1, line.FixedMs, 12);
        Assert.Equal(1000.0, line.MegabytesPerSecond!.Value, 6);
        Assert.Equal(0.1 + 65536e-6, line.PredictMs(65536), 12);

        // A slope below zero is noise on a path that pays nothing per byte: no bandwidth, the smaller size's cost.
        var shared = new PathFit(PayloadPath.SameSiloShared, 1024, 0.021, 16384, 0.02);
        Assert.Null(shared.MegabytesPerSecond);
        Assert.Equal(0.021, shared.PredictMs(1 << 24), 12);
    }

    [Fact]
    public void Each_heap_gets_its_own_line_through_its_smallest_and_largest_size()
    {
        var lines = PathLines.Fit(PayloadPath.SiloProcess, Timings(Settings.Sizes, Process));

        Assert.Equal((1024L, 65536L), (lines.SmallObjects!.SmallBytes, lines.SmallObjects.LargeBytes));
        Assert.Equal((262144L, 4194304L), (lines.LargeObjects!.SmallBytes, lines.LargeObjects.LargeBytes));
        Assert.Equal(0.1, lines.SmallObjects.FixedMs, 9);
        Assert.Equal(0.3, lines.LargeObjects.FixedMs, 9);
        Assert.Equal(Process(16384), lines.For(16384)!.PredictMs(16384), 9);
        Assert.Equal(Process(1 << 20), lines.For(1 << 20)!.PredictMs(1 << 20), 9);
        Assert.True(lines.Fitted(65536) && lines.Fitted(262144) && !lines.Fitted(16384) && !lines.Fitted(1 << 20));

        // The line is drawn at .NET's large-object threshold: 84,999 bytes are small, 85,000 large.
        Assert.False(PathLines.OnLargeObjectHeap(84_999));
        Assert.True(PathLines.OnLargeObjectHeap(85_000));

        // A heap with one size has no line, and its size is not a prediction.
        var one = PathLines.Fit(PayloadPath.SiloProcess, Timings([1024, 4096, 262144], Process));
        Assert.Null(one.LargeObjects);
        Assert.False(one.Fitted(262144));
    }

    [Fact]
    public void The_expected_time_is_every_sizes_calls_at_its_rehearsal_on_any_shape()
    {
        var expected = Settings.Sizes.Sum(size => PayloadTimer.SweepCallsFor(size, Settings.Calls) * Process(size)) / 1e3;

        Assert.Equal(expected, Communication.Model(CommunicationExperiment.SiloProcesses, Settings, new ClusterShape(8, 16, 8, 16), Costs).Seconds, 12);
        Assert.Equal([1024L, 4096, 16384, 65536, 262144, 1048576, 4194304], Settings.Sizes);
        // Six calls a size in three rounds: two timed and one untimed a round.
        Assert.Equal(9, PayloadTimer.SweepCallsFor(1024, 6));
    }

    [Fact]
    public void Predicted_sizes_hold_and_a_size_three_times_off_does_not()
    {
        Assert.Equal(VerdictState.Holds, Communication.Verdict(Settings, ClusterShape.OneSilo(2), Costs, [Sweep(CommunicationExperiment.SameSiloImmutable, _ => 0.02, 1), Sweep(CommunicationExperiment.SiloProcesses, Process, 1.2)]).State);

        var verdict = Communication.Verdict(Settings, ClusterShape.OneSilo(2), Costs, [Sweep(CommunicationExperiment.SameSiloImmutable, _ => 0.02, 1), Sweep(CommunicationExperiment.SiloProcesses, Process, 3)]);
        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
        Assert.Contains(verdict.Checks, c => c.Figure == "silo-processes at 4,096 bytes" && !c.Passed);
        Assert.Contains(verdict.Checks, c => c.Figure == "silo-processes at 1,048,576 bytes" && !c.Passed);
        // The fitted sizes are not checks: they cannot miss their own line.
        Assert.DoesNotContain(verdict.Checks, c => c.Figure == "silo-processes at 65,536 bytes");
    }

    [Fact]
    public void One_line_across_the_large_object_threshold_is_not_what_is_judged()
    {
        // Copies twice as dear a byte from 85,000 bytes: a line from 1 KiB to 4 MiB would miss 16 KiB by 4x; each heap's line predicts its own.
        static double Copy(long bytes) => bytes < PathLines.LargeObjectBytes ? 0.02 + (bytes * 1e-7) : 0.2 + (bytes * 1e-6);

        Assert.Equal(VerdictState.Holds, Communication.Verdict(Settings, ClusterShape.OneSilo(2), Costs, [Sweep(CommunicationExperiment.SameSiloImmutable, _ => 0.02, 1), Sweep(CommunicationExperiment.SameSiloCopied, Copy, 1), Sweep(CommunicationExperiment.SiloProcesses, Process, 1)]).State);
    }

    [Fact]
    public void A_process_path_that_handed_over_the_callers_own_array_fails()
    {
        var process = Sweep(CommunicationExperiment.SiloProcesses, Process, 1);
        var wrong = process with { Figures = process.Figures with { SameArray = true } };

        Assert.Equal(VerdictState.DoesNotHold, Communication.Verdict(Settings, ClusterShape.OneSilo(2), Costs, [Sweep(CommunicationExperiment.SameSiloImmutable, _ => 0.02, 1), wrong]).State);
    }

    [Fact]
    public void A_path_the_silo_program_could_not_serve_leaves_the_claim_unjudged()
    {
        var missing = Costs with { SiloProcessMissing = "no silo program" };
        var empty = new Outcome<CommunicationFigures>(CommunicationExperiment.SiloProcesses, new Expectation(0), 0, new CommunicationFigures(CommunicationExperiment.SiloProcesses, null, [], false, false));

        Assert.Equal(VerdictState.NotJudged, Communication.Verdict(Settings, ClusterShape.OneSilo(2), missing, [Sweep(CommunicationExperiment.SameSiloImmutable, _ => 0.02, 1), empty]).State);
    }

    /// <summary>100 µs + 1 ns a byte on the small-object heap, 300 µs + 1 ns a byte on the large one.</summary>
    private static double Process(long bytes) => (bytes < PathLines.LargeObjectBytes ? 0.1 : 0.3) + (bytes * 1e-6);

    private static List<SizeTiming> Timings(IReadOnlyList<long> sizes, Func<long, double> ms) =>
        [.. sizes.Select(size => new SizeTiming(size, new Spread(6, ms(size), ms(size), ms(size)), false, 0))];

    /// <summary>A sweep measured at <paramref name="off"/> times <paramref name="ms"/> at every size its lines were not fitted on.</summary>
    private static Outcome<CommunicationFigures> Sweep(string name, Func<long, double> ms, double off)
    {
        var path = CommunicationExperiment.PathOf(name);
        var lines = PathLines.Fit(path, Timings(Settings.Sizes, ms));
        var points = Settings.Sizes.Select(size =>
        {
            var measured = ms(size) * (lines.Fitted(size) ? 1 : off);
            return new SizePoint(size, measured, new Spread(6, measured, measured, measured), lines.For(size)?.PredictMs(size), lines.Fitted(size));
        }).ToList();
        return new(name, Communication.Model(name, Settings, ClusterShape.OneSilo(2), Costs), 0.01,
            new CommunicationFigures(name, lines, points, path == PayloadPath.SameSiloShared, path == PayloadPath.SiloProcess));
    }
}
