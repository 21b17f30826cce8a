using Concurrency.Tests.Infrastructure;
using Concurrency.Client.Experiments;
using Concurrency.Client.Experiments.Isolation;
using Concurrency.Client.Results;

namespace Concurrency.Tests.ModelTests;

/// <summary>The subinterpreters' message model and its judge on ways built by hand.</summary>
public sealed class SubinterpretersModelTests
{
    private static readonly SubinterpretersExperiment Subinterpreters = new();
    // A core with a 2 MiB cache: segments under 85,000 bytes, to 1 MiB, and past it.
    private static readonly CopySegments TwoMiB = new(2 << 20);
    private static readonly SubinterpretersSettings Settings = new(Starts: 3, Bytes: 16384, Calls: 20, Segments: TwoMiB);

    // What each way's rehearsal took at 1, 16 and 64 KiB.
    private static readonly PayloadCosts Costs = new(
        [new PathRehearsal(PayloadPath.SiloInProcess, Settings.Sizes, [0.11, 0.12, 0.17]), new PathRehearsal(PayloadPath.SiloProcess, Settings.Sizes, [0.2, 0.25, 0.4])],
        null,
        TwoMiB);

    [Fact]
    public void A_message_is_expected_at_its_ways_rehearsal_on_any_shape()
    {
        var shape = new ClusterShape(8, 16, 8, 16);

        Assert.Equal([1024L, 16384, 65536], Settings.Sizes);
        Assert.Equal(0.12 / 1e3, SubinterpretersExperiment.SilosInOneProcess.Model(Settings, shape, Costs).Seconds, 12);
        Assert.Equal(0.25 / 1e3, SubinterpretersExperiment.SiloProcesses.Model(Settings, shape, Costs).Seconds, 12);
        Assert.Equal(0, SubinterpretersExperiment.GrainsInOneSilo.Model(Settings, shape, Costs).Seconds);
    }

    [Fact]
    public void The_message_line_is_fitted_on_the_ends_of_the_segment_the_message_falls_in()
    {
        Assert.Equal((1024L, 65536L), Settings.FitSizes);
        Assert.Equal([131072L, 256L << 10, 1L << 20], (Settings with { Bytes = 256 << 10 }).Sizes);
        Assert.Equal([2L << 20, 4L << 20, 16L << 20], (Settings with { Bytes = 4 << 20 }).Sizes);

        // Where the core's cache is not known, the large-object heap is one segment.
        Assert.Equal((131072L, 16L << 20), (Settings with { Bytes = 1 << 20, Segments = new CopySegments(null) }).FitSizes);

        // A segment with one size on the ladder has no line to judge a message by: a 256 KiB cache keeps only 128 KiB payloads with their copies.
        Assert.Null((Settings with { Bytes = 100_000, Segments = new CopySegments(256 << 10) }).FitSizes);
    }

    [Fact]
    public void A_message_off_its_line_fails()
    {
        var off = Way(SubinterpretersExperiment.SilosInOneProcess, 300, lineOff: 3);

        var verdict = Subinterpreters.DecideSteady(Settings, ClusterShape.OneSilo(2), Costs, [off, Way(SubinterpretersExperiment.SiloProcesses, 1500)]);
        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
        Assert.Contains(verdict.Checks, c => c.Figure == "silos-in-one-process: a 16,384-byte message (p10)" && !c.Passed);
    }

    [Fact]
    public void Silos_that_start_lighter_than_processes_hold_and_ones_that_do_not_fail()
    {
        Assert.Equal(VerdictState.Holds, Subinterpreters.DecideSteady(Settings, ClusterShape.OneSilo(2), Costs, [Way(SubinterpretersExperiment.SilosInOneProcess, 300), Way(SubinterpretersExperiment.SiloProcesses, 1500)]).State);

        var verdict = Subinterpreters.DecideSteady(Settings, ClusterShape.OneSilo(2), Costs, [Way(SubinterpretersExperiment.SilosInOneProcess, 300), Way(SubinterpretersExperiment.SiloProcesses, 350)]);
        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
        Assert.Contains(verdict.Checks, c => c.Figure.Contains("start over", StringComparison.Ordinal) && !c.Passed);
    }

    [Fact]
    public void A_worker_that_got_the_senders_own_array_shares_state_and_fails()
    {
        var shared = Way(SubinterpretersExperiment.SilosInOneProcess, 300);
        var wrong = shared with { Figures = shared.Figures with { Copied = false } };

        Assert.Equal(VerdictState.DoesNotHold, Subinterpreters.DecideSteady(Settings, ClusterShape.OneSilo(2), Costs, [wrong, Way(SubinterpretersExperiment.SiloProcesses, 1500)]).State);
    }

    [Theory]
    [InlineData("1024")]
    [InlineData("65536")]
    [InlineData("100000")]
    [InlineData("16777216")]
    public void Bytes_outside_the_fitted_sizes_are_refused(string bytes)
    {
        Assert.Throws<Hosting.UsageException>(() => Client.Cli.RunCommand.Prepare(Subinterpreters, ["--bytes", bytes]));
    }

    /// <summary>A way whose message is <paramref name="lineOff"/> times its line (100 µs + 1 ns a byte).</summary>
    private static Outcome<SubinterpretersFigures> Way(SubinterpretersExperiment.Strategy name, double startMs, double lineOff = 1)
    {
        var line = new PathFit(SubinterpretersExperiment.PathOf(name), 1024, 0.1 + 1024e-6, 65536, 0.1 + 65536e-6);
        var ms = line.PredictMs(Settings.Bytes) * lineOff;
        var message = new SizePoint(Settings.Bytes, ms, new Spread(20, ms, ms, ms), line.PredictMs(Settings.Bytes), Fitted: false);
        return new(name, name.Model(Settings, ClusterShape.OneSilo(2), Costs), 0.01,
            new SubinterpretersFigures(name.Name, new Spread(3, startMs, startMs, startMs), message, line, true, name == SubinterpretersExperiment.SiloProcesses));
    }
}
