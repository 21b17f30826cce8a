using Concurrency.Tests.Infrastructure;
using Concurrency.Client.Experiments;
using Concurrency.Client.Experiments.Isolation;
using Concurrency.Client.Results;

namespace Concurrency.Tests.ModelTests;

/// <summary>The spawn ladder's break-even sizes and models, evaluated exactly, and its judge on outcomes built by hand.</summary>
public sealed class SpawnModelTests
{
    private static readonly SpawnExperiment Spawn = new();
    private static readonly SpawnSettings Settings = new(Samples: 100, Activations: 20, SiloStarts: 1, ProcessStarts: 1, Tasks: 10);
    private static readonly ClusterShape Big = new(8, 16, 8, 16);

    // 1 ns a term; a thread 50 µs, a task 2 µs, a first call 120 µs and a warm one 20 µs, silos 500 ms and 2 s; under
    // the probe's work a thread adds 50 µs and a fresh activation 100 µs.
    private static readonly SpawnCosts Costs = new(1e-9, Ms(0.05), Ms(0.002), Ms(0.12), Ms(0.02), Ms(500), Ms(2000), null, ThreadUnderWork: Ms(0.05), ActivationUnderWork: Ms(0.1));

    [Fact]
    public void The_break_even_task_makes_the_start_a_tenth_of_it()
    {
        // Activation overhead 100 µs: 10 x 100 µs less the warm call's 20 µs is 980 µs of work, 980,000 terms.
        Assert.Equal(980_000, Costs.BreakEvenTaskTerms);
        Assert.Equal(500_000, Costs.ThreadTaskTerms);
        Assert.Equal(0.1, SpawnExperiment.ModelledShare(SpawnExperiment.FreshActivations, Costs), 12);
        Assert.Equal(0.1, SpawnExperiment.ModelledShare(SpawnExperiment.NewThreads, Costs), 12);
        var ladder = Costs.Ladder.ToDictionary(s => s.Step, s => s.BreakEvenTerms);
        Assert.Equal(20_000_000_000, ladder[SpawnExperiment.SiloProcessStep]);
        Assert.Equal(20_000, ladder[SpawnExperiment.TaskStep]);
    }

    [Fact]
    public void The_break_even_is_modelled_on_the_starts_under_work_not_the_empty_ones()
    {
        // A thread that adds 200 µs to a task (its caller asleep in Join) though an empty one starts in 50 µs: 2 ms of work.
        var woken = Costs with { ThreadUnderWork = Ms(0.2), ActivationUnderWork = Ms(0.3) };

        Assert.Equal(2_000_000, woken.ThreadTaskTerms);
        Assert.Equal(2_980_000, woken.BreakEvenTaskTerms);
        Assert.Equal(0.1, SpawnExperiment.ModelledShare(SpawnExperiment.NewThreads, woken), 12);
        Assert.Equal(2_000_000, woken.Ladder.Single(s => s.Step == SpawnExperiment.ThreadStep).BreakEvenTerms);
    }

    [Fact]
    public void Each_pair_is_the_task_twice_and_its_start_on_any_shape()
    {
        // Fresh: 10 pairs of (100 µs of activation + 2 x 20 µs of calls + 2 x 980 µs); threads: 10 pairs of (50 µs + 2 x 500 µs).
        Assert.Equal(10 * (0.1e-3 + 0.04e-3 + 1.96e-3), SpawnExperiment.FreshActivations.Model(Settings, Big, Costs).Seconds, 12);
        Assert.Equal(10 * (0.05e-3 + 1e-3), SpawnExperiment.NewThreads.Model(Settings, Big, Costs).Seconds, 12);
    }

    [Fact]
    public void A_start_share_near_a_tenth_holds_and_one_far_off_does_not()
    {
        Assert.Equal(VerdictState.Holds, Spawn.DecideSteady(Settings, Big, Costs, [Outcome(SpawnExperiment.FreshActivations, 0.12), Outcome(SpawnExperiment.NewThreads, 0.08)]).State);
        Assert.Equal(VerdictState.DoesNotHold, Spawn.DecideSteady(Settings, Big, Costs, [Outcome(SpawnExperiment.FreshActivations, 0.5), Outcome(SpawnExperiment.NewThreads, 0.08)]).State);
    }

    [Fact]
    public void A_silo_process_no_dearer_than_a_hundred_threads_fails_the_claim()
    {
        var cheap = Costs with { SiloProcess = Ms(4), InProcessSilo = Ms(3) };

        var verdict = Spawn.DecideSteady(Settings, Big, cheap, [Outcome(SpawnExperiment.FreshActivations, 0.1)]);

        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
        Assert.Contains(verdict.Checks, c => c.Figure.StartsWith(SpawnExperiment.SiloProcessStep, StringComparison.Ordinal) && !c.Passed);
    }

    [Fact]
    public void Without_either_silo_rung_the_claim_is_not_judged()
    {
        var none = Costs with { SiloProcess = null, InProcessSilo = null, SiloProcessMissing = "--process-starts 0" };

        Assert.Equal(VerdictState.NotJudged, Spawn.DecideSteady(Settings, Big, none, [Outcome(SpawnExperiment.FreshActivations, 0.1)]).State);
    }

    [Fact]
    public void A_thread_start_that_was_mostly_a_wait_for_a_core_is_not_judged()
    {
        // 8 ms a start, as with every core taken by other processes, 97% of it waiting in the run queue: 0.24 ms without it.
        var busy = Costs with { Thread = Starts(8, 200), ThreadQueuedShare = 0.97 };

        var verdict = Spawn.DecideSteady(Settings, Big, busy, [Outcome(SpawnExperiment.FreshActivations, 0.1), Outcome(SpawnExperiment.NewThreads, 0.1)]);

        Assert.Equal(VerdictState.NotJudged, verdict.State);
        Assert.StartsWith("the machine was busy: starting a thread spent 97% of its time waiting for a core", verdict.NotJudgedReason, StringComparison.Ordinal);
        Assert.DoesNotContain(verdict.Checks, c => c.Figure.Contains(SpawnExperiment.ThreadStep + " start", StringComparison.Ordinal));
    }

    [Fact]
    public void A_thread_start_slow_on_a_free_core_does_not_hold()
    {
        // The same 8 ms with hardly any wait for a core: the start itself is slow, and "microseconds" is false here.
        var slow = Costs with { Thread = Starts(8, 200), ThreadQueuedShare = 0.02 };

        var verdict = Spawn.DecideSteady(Settings, Big, slow, [Outcome(SpawnExperiment.FreshActivations, 0.1), Outcome(SpawnExperiment.NewThreads, 0.1)]);

        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
        Assert.Contains(verdict.Checks, c => c.Figure == SpawnExperiment.ThreadStep + " start" && c.Outcome == CheckOutcome.Fail);
    }

    [Fact]
    public void The_thread_start_and_the_silo_ratio_are_decided_on_their_own_starts()
    {
        var measured = Costs with { Thread = Starts(0.05, 200), SiloProcess = Starts(2000, 3), ThreadQueuedShare = 0.1 };

        var verdict = Spawn.DecideSteady(Settings, Big, measured, [Outcome(SpawnExperiment.FreshActivations, 0.1), Outcome(SpawnExperiment.NewThreads, 0.1)]);

        Assert.Equal(VerdictState.Holds, verdict.State);
        Assert.Equal(200, verdict.Checks.Single(c => c.Figure == SpawnExperiment.ThreadStep + " start").Interval!.Value.Samples);
        Assert.Equal(3, verdict.Checks.Single(c => c.Figure.StartsWith(SpawnExperiment.SiloProcessStep, StringComparison.Ordinal)).Interval!.Value.Samples);
    }

    /// <summary><paramref name="count"/> starts spread 20% either side of <paramref name="ms"/>, as a stopwatch gives them.</summary>
    private static Spread Starts(double ms, int count) =>
        Spread.Of(Enumerable.Range(0, count).Select(i => ms * (0.8 + (0.4 * i / Math.Max(1, count - 1))) / 1e3));

    private static Spread Ms(double ms) => new(5, ms, ms, ms);

    private static Outcome<SpawnFigures> Outcome(SpawnExperiment.Strategy name, double share) =>
        new(name, name.Model(Settings, Big, Costs), 0.02, new SpawnFigures(Costs.TaskTermsOf(name), Ms(1 + share), Ms(1), share));
}
