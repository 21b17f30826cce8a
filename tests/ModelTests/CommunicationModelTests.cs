using Concurrency.Tests.Infrastructure;
using Concurrency.Client.Experiments;
using Concurrency.Client.Experiments.Isolation;
using Concurrency.Client.Results;

namespace Concurrency.Tests.ModelTests;

/// <summary>The fixed-plus-bandwidth lines, one per segment of sizes, the sweep's expected time, and the judge on sweeps built by hand.</summary>
public sealed class CommunicationModelTests
{
    private static readonly CommunicationExperiment Communication = new();

    // Sizes 1 to 64 KiB on the small-object heap; 128 KiB to 1 MiB on the large one, in a core's 2 MiB cache with their copies; 2 and 4 MiB past it.
    private static readonly CommunicationSettings Settings = new(Largest: 4 << 20, Calls: 6);

    private static readonly CopySegments TwoMiB = new(2 << 20);

    private static readonly PayloadCosts Costs = new(
        [new PathRehearsal(PayloadPath.SiloProcess, Settings.Sizes, [.. Settings.Sizes.Select(Process)]), new PathRehearsal(PayloadPath.SameSiloShared, Settings.Sizes, [.. Settings.Sizes.Select(_ => 0.02)])],
        null,
        TwoMiB);

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
    public void A_sizes_figure_is_its_10th_percentile_and_the_line_goes_through_those()
    {
        // Calls at 1 KiB from 0.1 to 2 ms (median 0.3), at 64 KiB from 0.2 to 3 ms (median 1.5): the slow ones met the machine, not the bytes.
        var small = new SizeTiming(1024, new Spread(25, 0.3, 0.1, 2), false, 0);
        var large = new SizeTiming(65536, new Spread(25, 1.5, 0.2, 3), false, 0);

        Assert.Equal(0.1, small.Ms);
        var line = PathLines.Fit(PayloadPath.SiloProcess, [small, large], TwoMiB).For(4096)!;
        Assert.Equal((0.1, 0.2), (line.SmallMs, line.LargeMs));
    }

    [Fact]
    public void Each_segment_gets_its_own_line_through_its_smallest_and_largest_size()
    {
        var lines = PathLines.Fit(PayloadPath.SiloProcess, Timings(Settings.Sizes, Process), TwoMiB);

        Assert.Equal([CopySegment.SmallObjects, CopySegment.LargeObjects, CopySegment.PastCoreCache], lines.Lines.Select(l => l.Segment));
        Assert.Equal([(1024L, 65536L), (131072L, 1L << 20), (2L << 20, 4L << 20)], lines.Lines.Select(l => (l.Line!.SmallBytes, l.Line.LargeBytes)));
        Assert.Equal(["under 85,000 bytes", "85,000 to 1,048,576 bytes", "over 1,048,576 bytes"], lines.Lines.Select(l => l.Sizes));
        Assert.Equal([0.1, 0.3, 0.5], lines.Lines.Select(l => Math.Round(l.Line!.FixedMs, 9)));
        Assert.Equal(Process(16384), lines.For(16384)!.PredictMs(16384), 9);
        Assert.Equal(Process(512 << 10), lines.For(512 << 10)!.PredictMs(512 << 10), 9);
        Assert.True(lines.Fitted(65536) && lines.Fitted(131072) && lines.Fitted(1 << 20) && lines.Fitted(2 << 20) && !lines.Fitted(16384) && !lines.Fitted(512 << 10));

        // The large-object line is .NET's threshold: 84,999 bytes are small, 85,000 large. The cache's line is half the
        // cache, a payload and its copy: 1 MiB is in a 2 MiB cache, a byte more is past it.
        Assert.Equal([CopySegment.SmallObjects, CopySegment.LargeObjects, CopySegment.LargeObjects, CopySegment.PastCoreCache], new long[] { 84_999, 85_000, 1 << 20, (1 << 20) + 1 }.Select(TwoMiB.Of));

        // A segment with one size has no line, and its size is not a prediction.
        var one = PathLines.Fit(PayloadPath.SiloProcess, Timings([1024, 4096, 262144], Process), TwoMiB);
        Assert.Null(one.For(262144));
        Assert.False(one.Fitted(262144));
    }

    [Fact]
    public void Where_the_cores_cache_is_not_known_the_large_object_heap_is_one_segment()
    {
        var unknown = new CopySegments(null);
        var lines = PathLines.Fit(PayloadPath.SiloProcess, Timings(Settings.Sizes, Process), unknown);

        Assert.Equal([(1024L, 65536L), (131072L, 4L << 20)], lines.Lines.Select(l => (l.Line!.SmallBytes, l.Line.LargeBytes)));
        Assert.Equal("from 85,000 bytes", lines.Lines[1].Sizes);
        Assert.Equal(CopySegment.LargeObjects, unknown.Of(16L << 20));
    }

    [Theory]
    [InlineData("2048K", 2L << 20)]
    [InlineData("48K", 48L << 10)]
    [InlineData("2M", 2L << 20)]
    [InlineData("512\n", 512L)]
    public void The_cache_size_reads_as_Linux_writes_it(string text, long bytes) => Assert.Equal(bytes, CoreCache.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("K")]
    [InlineData("-2K")]
    [InlineData("2 MB")]
    [InlineData("0K")]
    public void A_cache_size_that_is_not_one_is_unknown(string text) => Assert.Null(CoreCache.Parse(text));

    [Fact]
    public void The_expected_time_is_every_sizes_calls_at_its_rehearsal_on_any_shape()
    {
        var expected = Settings.Sizes.Sum(size => PayloadTimer.SweepCallsFor(size, Settings.Calls) * Process(size)) / 1e3;

        Assert.Equal(expected, CommunicationExperiment.SiloProcesses.Model(Settings, new ClusterShape(8, 16, 8, 16), Costs).Seconds, 12);
        Assert.Equal([1024L, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4194304], Settings.Sizes);
        // Six calls a size in five rounds: two timed and one untimed a round.
        Assert.Equal(15, PayloadTimer.SweepCallsFor(1024, 6));
    }

    [Fact]
    public void Each_round_visits_every_size_once_and_a_different_size_follows_the_largest_each_round()
    {
        var rounds = Enumerable.Range(0, PayloadTimer.Rounds).Select(r => PayloadTimer.RoundOrder(15, r).ToList()).ToList();

        Assert.All(rounds, order => Assert.Equal(Enumerable.Range(0, 15), order.Order()));

        // The size after the largest (the sweep's whole order, round after round) meets the collections it leaves: not the same size twice.
        var sweep = rounds.SelectMany(order => order).ToList();
        var afterLargest = sweep.Select((size, i) => (size, i)).Where(p => p.size == 14 && p.i + 1 < sweep.Count).Select(p => sweep[p.i + 1]).ToList();
        Assert.Equal(afterLargest.Count, afterLargest.Distinct().Count());

        // The same order on every run, so two runs are timed alike.
        Assert.Equal(rounds[2], PayloadTimer.RoundOrder(15, 2));
    }

    [Fact]
    public void Predicted_sizes_hold_and_a_size_three_times_off_does_not()
    {
        Assert.Equal(VerdictState.Holds, Communication.DecideSteady(Settings, ClusterShape.OneSilo(2), Costs, [Sweep(CommunicationExperiment.SameSiloImmutable, _ => 0.02, 1), Sweep(CommunicationExperiment.SiloProcesses, Process, 1.2)]).State);

        var verdict = Communication.DecideSteady(Settings, ClusterShape.OneSilo(2), Costs, [Sweep(CommunicationExperiment.SameSiloImmutable, _ => 0.02, 1), Sweep(CommunicationExperiment.SiloProcesses, Process, 3)]);
        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
        Assert.Contains(verdict.Checks, c => c.Figure == "silo-processes at 4,096 bytes (p10)" && !c.Passed);
        Assert.Contains(verdict.Checks, c => c.Figure == "silo-processes at 524,288 bytes (p10)" && !c.Passed);
        // The fitted sizes are not checks: they cannot miss their own line.
        Assert.DoesNotContain(verdict.Checks, c => c.Figure.Contains("at 65,536 bytes", StringComparison.Ordinal) || c.Figure.Contains("at 1,048,576 bytes", StringComparison.Ordinal) || c.Figure.Contains("at 2,097,152 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void One_line_across_the_large_object_threshold_or_the_cache_is_not_what_is_judged()
    {
        // Copies twice as dear a byte from 85,000 bytes, and ten times again past the cache: one line from 1 KiB to
        // 4 MiB would miss 16 KiB by 4x, and a line over the large-object heap would miss 512 KiB; each segment's line predicts its own.
        static double Copy(long bytes) => TwoMiB.Of(bytes) switch
        {
            CopySegment.SmallObjects => 0.02 + (bytes * 1e-7),
            CopySegment.LargeObjects => 0.2 + (bytes * 2e-7),
            _ => 0.2 + (bytes * 2e-6),
        };

        Assert.Equal(VerdictState.Holds, Communication.DecideSteady(Settings, ClusterShape.OneSilo(2), Costs, [Sweep(CommunicationExperiment.SameSiloImmutable, _ => 0.02, 1), Sweep(CommunicationExperiment.SameSiloCopied, Copy, 1), Sweep(CommunicationExperiment.SiloProcesses, Process, 1)]).State);

        // The same sweep judged by the large-object heap's one line (no cache known) misses.
        var unknown = Costs with { Segments = new CopySegments(null) };
        Assert.Equal(VerdictState.DoesNotHold, Communication.DecideSteady(Settings, ClusterShape.OneSilo(2), unknown, [Sweep(CommunicationExperiment.SameSiloImmutable, _ => 0.02, 1, unknown.Segments), Sweep(CommunicationExperiment.SameSiloCopied, Copy, 1, unknown.Segments), Sweep(CommunicationExperiment.SiloProcesses, Process, 1, unknown.Segments)]).State);
    }

    [Fact]
    public void A_process_path_that_handed_over_the_callers_own_array_fails()
    {
        var process = Sweep(CommunicationExperiment.SiloProcesses, Process, 1);
        var wrong = process with { Figures = process.Figures with { SameArray = true } };

        Assert.Equal(VerdictState.DoesNotHold, Communication.DecideSteady(Settings, ClusterShape.OneSilo(2), Costs, [Sweep(CommunicationExperiment.SameSiloImmutable, _ => 0.02, 1), wrong]).State);
    }

    [Fact]
    public void A_path_the_silo_program_could_not_serve_leaves_the_claim_unjudged()
    {
        var missing = Costs with { SiloProcessMissing = "no silo program" };
        var empty = new Outcome<CommunicationFigures>(CommunicationExperiment.SiloProcesses, new Expectation(0), 0, new CommunicationFigures(CommunicationExperiment.SiloProcesses.Name, null, [], false, false));

        Assert.Equal(VerdictState.NotJudged, Communication.DecideSteady(Settings, ClusterShape.OneSilo(2), missing, [Sweep(CommunicationExperiment.SameSiloImmutable, _ => 0.02, 1), empty]).State);
    }

    /// <summary>100 µs + 1 ns a byte on the small-object heap, 300 µs + 1 ns a byte on the large one in the cache, 500 µs + 1 ns past it.</summary>
    private static double Process(long bytes) => TwoMiB.Of(bytes) switch { CopySegment.SmallObjects => 0.1, CopySegment.LargeObjects => 0.3, _ => 0.5 } + (bytes * 1e-6);

    private static List<SizeTiming> Timings(IReadOnlyList<long> sizes, Func<long, double> ms) =>
        [.. sizes.Select(size => new SizeTiming(size, new Spread(6, ms(size), ms(size), ms(size)), false, 0))];

    /// <summary>A sweep measured at <paramref name="off"/> times <paramref name="ms"/> at every size its lines were not fitted on.</summary>
    private static Outcome<CommunicationFigures> Sweep(CommunicationExperiment.Strategy name, Func<long, double> ms, double off, CopySegments? segments = null)
    {
        var path = CommunicationExperiment.PathOf(name);
        var lines = PathLines.Fit(path, Timings(Settings.Sizes, ms), segments ?? TwoMiB);
        var points = Settings.Sizes.Select(size =>
        {
            var measured = ms(size) * (lines.Fitted(size) ? 1 : off);
            return new SizePoint(size, measured, new Spread(6, measured, measured, measured), lines.For(size)?.PredictMs(size), lines.Fitted(size));
        }).ToList();
        return new(name, name.Model(Settings, ClusterShape.OneSilo(2), Costs), 0.01,
            new CommunicationFigures(name.Name, lines, points, path == PayloadPath.SameSiloShared, path == PayloadPath.SiloProcess));
    }
}
