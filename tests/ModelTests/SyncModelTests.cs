using Concurrency.Tests.Infrastructure;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;

namespace Concurrency.Tests.ModelTests;

/// <summary>The sync models and break-even are pure functions of the settings and the fitted costs; the judge is fed outcomes built by hand.</summary>
public sealed class SyncModelTests
{
    private static readonly SyncExperiment Sync = new();
    private static readonly ClusterShape Shape = new(8, 16, 8, 16);

    // The loop: no fixed cost, 10 µs a file. Async: 40 µs a batch, 5 µs a file, so it breaks even at 40 / 5 = 8 files.
    // Grains: 50 µs a batch and 20 µs a file, more than the loop's: it never pays.
    private static readonly SyncCosts Costs = new(new ReadPathFit(0, 10e-6), new ReadPathFit(40e-6, 5e-6), new ReadPathFit(50e-6, 20e-6), FitFiles: 16);

    [Theory]
    [InlineData("sync-loop", 4, 40e-6)]
    [InlineData("async-parallel", 4, 60e-6)]
    [InlineData("grain-per-file", 4, 130e-6)]
    [InlineData("async-parallel", 100, 540e-6)]
    public void Each_strategy_is_its_fixed_cost_plus_its_cost_a_file(string strategy, int files, double seconds)
    {
        var expected = Sync.Named(strategy).Model(new SyncSettings(files, 16384, 10), Shape, Costs);

        Assert.Equal(seconds, expected.Seconds, 12);
    }

    [Fact]
    public void The_break_even_is_the_extra_fixed_cost_over_the_saving_a_file()
    {
        Assert.Equal(8.0, SyncExperiment.BreakEven(Costs.Sync, Costs.Async)!.Value, 9);
        Assert.Null(SyncExperiment.BreakEven(Costs.Sync, Costs.Grains));
        Assert.Equal(0.0, SyncExperiment.BreakEven(new ReadPathFit(10e-6, 10e-6), new ReadPathFit(5e-6, 5e-6))!.Value, 9);
        Assert.Equal(8.0, Costs.AsyncBreakEvenFiles!.Value, 9);
    }

    [Fact]
    public void A_fit_through_two_batches_recovers_the_line_and_treats_a_negative_fixed_cost_as_none()
    {
        var fit = ReadPathFit.Through(1, 45e-6, 16, 120e-6);
        Assert.Equal(5e-6, fit.PerFileSeconds, 12);
        Assert.Equal(40e-6, fit.FixedSeconds, 12);

        Assert.Equal(0, ReadPathFit.Through(1, 1e-6, 5, 50e-6).FixedSeconds);
    }

    [Fact]
    public void The_sides_of_the_break_even_are_a_quarter_and_four_times_it()
    {
        Assert.Equal(2, (int)Math.Floor(8 / SyncExperiment.Span));
        Assert.Equal(32, (int)Math.Ceiling(8 * SyncExperiment.Span));
    }

    [Fact]
    public void The_claim_holds_when_the_loop_wins_below_the_break_even_and_the_path_wins_above()
    {
        // Async at 2 µs a file, a fifth of the loop's: it breaks even at 40 / 8 = 5 files, and at 20 the model puts
        // the loop at 2.5x its time, a gap clear of noise.
        var settings = new SyncSettings(4, 16384, 10);
        var verdict = Sync.DecideSteady(settings, Shape, CheapAsyncFiles, [Loop(settings, 40e-6, CheapAsyncFiles), Async(settings, 48e-6, new SidedRun(1, 10e-6, 42e-6), new SidedRun(20, 200e-6, 80e-6), CheapAsyncFiles, breakEven: 5)]);

        Assert.True(verdict.State == VerdictState.Holds, $"{verdict.State} {verdict.NotJudgedReason}: {string.Join("; ", verdict.Checks.Select(c => c.Line))}");
        Assert.Contains(verdict.Checks, c => c.Figure.Contains("at 1 files", StringComparison.Ordinal));
        Assert.Contains(verdict.Checks, c => c.Figure.Contains("at 20 files", StringComparison.Ordinal));
    }

    [Fact]
    public void A_side_the_model_puts_under_twice_the_other_is_a_note_not_a_check()
    {
        // At 32 files the model puts the loop at 320 µs against async's 200 µs, 1.6x: a ratio noise decides. However
        // it came out (here async lost), it is noted, never judged; at 2 files (20 against 50 µs, 2.5x) it is judged.
        var settings = new SyncSettings(4, 16384, 10);
        var verdict = Sync.DecideSteady(settings, Shape, Costs, [Loop(settings, 40e-6), Async(settings, 60e-6, below: new SidedRun(2, 20e-6, 50e-6), above: new SidedRun(32, 320e-6, 400e-6))]);

        Assert.True(verdict.State == VerdictState.Holds, $"{verdict.State}: {string.Join("; ", verdict.Checks.Select(c => c.Line))}");
        Assert.Contains(verdict.Checks, c => c.Figure.Contains("at 2 files", StringComparison.Ordinal));
        Assert.DoesNotContain(verdict.Checks, c => c.Figure.Contains("at 32 files", StringComparison.Ordinal));
        Assert.Contains(verdict.Notes, n => n.Contains("at 32 files", StringComparison.Ordinal) && n.Contains("too close to call", StringComparison.Ordinal));
    }

    [Fact]
    public void A_concurrent_path_a_few_microseconds_faster_still_saves_nothing_worth_its_complexity()
    {
        var settings = new SyncSettings(4, 16384, 10);

        // The model says async takes 1.5x the loop at 4 files; measured, it came out 0.88x the loop's time: 5 µs saved.
        var verdict = Sync.DecideSteady(settings, Shape, Costs, [Loop(settings, 40e-6), Async(settings, 35e-6)]);

        Assert.Equal(VerdictState.Holds, verdict.State);
        var saving = Assert.Single(verdict.Checks, c => c.Figure.StartsWith(SyncExperiment.AsyncParallel + "'s saving", StringComparison.Ordinal));
        Assert.Equal(5, saving.Measured!.Value, 6);
    }

    [Fact]
    public void The_claim_does_not_hold_when_concurrency_saves_more_than_a_millisecond_a_batch()
    {
        var settings = new SyncSettings(4, 16384, 10);

        var verdict = Sync.DecideSteady(settings, Shape, Costs, [Loop(settings, 5e-3), Async(settings, 1e-3)]);

        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
        Assert.Contains(verdict.Checks, c => !c.Passed && c.Figure.StartsWith(SyncExperiment.AsyncParallel + "'s saving", StringComparison.Ordinal));
    }

    [Fact]
    public void The_claim_does_not_hold_when_the_path_loses_above_its_break_even()
    {
        var settings = new SyncSettings(4, 16384, 10);
        var verdict = Sync.DecideSteady(settings, Shape, CheapAsyncFiles, [Loop(settings, 40e-6, CheapAsyncFiles), Async(settings, 48e-6, null, new SidedRun(20, 200e-6, 400e-6), CheapAsyncFiles, breakEven: 5)]);

        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
    }

    [Fact]
    public void A_short_read_fails_the_claim_and_the_loop_alone_is_not_judged()
    {
        var settings = new SyncSettings(4, 16384, 10);
        var shortRead = Loop(settings, 40e-6) with { Figures = new SyncFigures(40e-6, 4, 100, EveryByteRead: false) };

        Assert.Equal(VerdictState.DoesNotHold, Sync.DecideSteady(settings, Shape, Costs, [shortRead, Async(settings, 60e-6)]).State);
        Assert.Equal(VerdictState.NotJudged, Sync.DecideSteady(settings, Shape, Costs, [Loop(settings, 40e-6)]).State);
    }

    // Async at 40 µs a batch and 2 µs a file against the loop's 10: it breaks even at 5 files, and pays clearly above.
    private static readonly SyncCosts CheapAsyncFiles = Costs with { Async = new ReadPathFit(40e-6, 2e-6) };

    private static Outcome<SyncFigures> Loop(SyncSettings settings, double seconds, SyncCosts? costs = null) =>
        new(SyncExperiment.SyncLoop, SyncExperiment.SyncLoop.Model(settings, Shape, costs ?? Costs), seconds, new SyncFigures(seconds, settings.Files, (long)settings.Files * settings.FileBytes, true));

    private static Outcome<SyncFigures> Async(SyncSettings settings, double seconds, SidedRun? below = null, SidedRun? above = null, SyncCosts? costs = null, double breakEven = 8) =>
        new(SyncExperiment.AsyncParallel, SyncExperiment.AsyncParallel.Model(settings, Shape, costs ?? Costs), seconds,
            new SyncFigures(seconds, settings.Files, (long)settings.Files * settings.FileBytes, true, breakEven, below, above));
}
