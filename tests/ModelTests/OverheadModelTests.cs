using Concurrency.Tests.Infrastructure;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;

namespace Concurrency.Tests.ModelTests;

/// <summary>The overhead models, the break-even and the judge, evaluated by hand for a 16-core silo this machine is not.</summary>
public sealed class OverheadModelTests
{
    private static readonly ClusterShape Big = new(8, 16, 8, 16);
    private static readonly OverheadExperiment Experiment = new();
    private static readonly OverheadSettings Tiny = new(100_000, 100);

    // A term costs 2 ns and a call 50 µs.
    private static readonly OverheadCosts Costs = new(PerTermNanoseconds: 2, PerCallOverheadMicroseconds: 50, Cores: 16);

    [Fact]
    public void Each_strategy_costs_its_work_and_its_calls()
    {
        Assert.Equal(0.02, OverheadExperiment.Inline.Model(Tiny, Big, Costs).Seconds, 12);
        Assert.Equal(5.00125, OverheadExperiment.CallPerItem.Model(Tiny, Big, Costs).Seconds, 12);

        // Four batches per core: 64 batches of 1,563 items, the work over 16 cores plus 64 calls.
        Assert.Equal(64, OverheadExperiment.Batches(Tiny, Big.CoresOfOneSilo));
        Assert.Equal(0.00445, OverheadExperiment.Batched.Model(Tiny, Big, Costs).Seconds, 12);
    }

    [Fact]
    public void Calls_pay_above_the_break_even_work_and_never_on_one_core()
    {
        // o / (c·(1 - 1/16)) = 50,000 ns / 1.875 ns.
        Assert.Equal(26_667L, Costs.BreakEvenWork);
        Assert.Null((Costs with { Cores = 1 }).BreakEvenWork);
    }

    [Fact]
    public void Inline_alone_is_not_judged_with_its_reason()
    {
        var verdict = Judge(Tiny, (OverheadExperiment.Inline, 0.03, 1UL));

        Assert.Equal(VerdictState.NotJudged, verdict.State);
        Assert.Contains(OverheadExperiment.CallPerItem.Name, verdict.NotJudgedReason);
    }

    [Fact]
    public void Tiny_tasks_hold_when_calls_cost_far_more_and_batches_far_less()
    {
        var verdict = Judge(Tiny, (OverheadExperiment.Inline, 0.03, 7UL), (OverheadExperiment.CallPerItem, 8.0, 7UL), (OverheadExperiment.Batched, 0.05, 7UL));

        Assert.Equal(VerdictState.Holds, verdict.State);
        Assert.Equal(3, verdict.Checks.Count);
    }

    [Fact]
    public void Different_results_or_cheap_calls_do_not_hold()
    {
        Assert.Equal(VerdictState.DoesNotHold, Judge(Tiny, (OverheadExperiment.Inline, 0.03, 7UL), (OverheadExperiment.CallPerItem, 8.0, 8UL)).State);
        Assert.Equal(VerdictState.DoesNotHold, Judge(Tiny, (OverheadExperiment.Inline, 0.03, 7UL), (OverheadExperiment.CallPerItem, 0.045, 7UL)).State);
        Assert.Equal(VerdictState.DoesNotHold, Judge(Tiny, (OverheadExperiment.CallPerItem, 8.0, 7UL), (OverheadExperiment.Batched, 6.0, 7UL)).State);
    }

    [Fact]
    public void Tasks_above_the_break_even_are_not_the_claims_tiny_tasks()
    {
        var large = new OverheadSettings(1_000, 1_000_000);

        var verdict = Judge(large, (OverheadExperiment.Inline, 2.0, 7UL), (OverheadExperiment.CallPerItem, 0.2, 7UL));

        Assert.Equal(VerdictState.NotJudged, verdict.State);
        Assert.Contains("not tiny tasks", verdict.NotJudgedReason);
    }

    private static Verdict Judge(OverheadSettings settings, params (OverheadExperiment.Strategy Strategy, double Seconds, ulong Hash)[] runs) =>
        Experiment.DecideSteady(settings, Big, Costs, [.. runs.Select(r => new Outcome<OverheadFigures>(
            r.Strategy,
            r.Strategy.Model(settings, Big, Costs),
            r.Seconds,
            new OverheadFigures(r.Seconds / settings.Items * 1e6, 0, 0, r.Hash)))]);
}
