using Concurrency.Abstractions;
using Concurrency.Client.Cluster;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests.ModelTests;

/// <summary>
/// A silo lost mid-run leaves the results to check and the time to set aside: whatever the time says, the verdict is
/// not judged, with the silo named; a wrong result is still wrong.
/// </summary>
public sealed class SiloLossVerdictTests
{
    private static readonly CpuExperiment Cpu = new();
    private static readonly CpuSettings Settings = new(4, 100_000_000, PiKernel.Scalar);
    private static readonly ClusterShape Shape = ClusterShape.OneSilo(2);
    private static readonly PiCosts Costs = new(T1Seconds: 0.5, LocalPi: Math.PI, FreeCores: 2);
    private static readonly Resends Lost = new([new SiloLoss("127.0.0.1:11113@1", 2.5, AtMicroseconds: 0)], RetriedUnits: 3, RetriedJobs: 2, DuplicatesDiscarded: 1);

    [Fact]
    public void A_pool_slowed_by_a_lost_silo_is_not_judged_and_names_the_silo()
    {
        // The pool no faster than one grain: on two free cores that refutes the claim, unless a silo died under it.
        var clean = Cpu.DecideSteady(Settings, Shape, Costs, [Run(CpuExperiment.SingleGrain, 2.0), Run(CpuExperiment.StatelessWorkers, 1.9)]);
        var lost = Cpu.DecideSteady(Settings, Shape, Costs, [Run(CpuExperiment.SingleGrain, 2.0), Run(CpuExperiment.StatelessWorkers, 1.9) with { Resends = Lost }]);

        Assert.Equal(VerdictState.DoesNotHold, clean.State);
        Assert.Equal(VerdictState.NotJudged, lost.State);
        Assert.Equal("silo 127.0.0.1:11113@1 died mid-run during stateless-workers, 3 unit(s) redone: the results are checked, the time is not judged", lost.NotJudgedReason);
        var fact = Assert.Single(lost.Checks);
        Assert.Null(fact.Measured);
        Assert.Contains(lost.Notes, n => n.StartsWith("stateless-workers: silo 127.0.0.1:11113@1 died 2.5 s in; 3 unit(s) of 2 job(s) sent again, 1 late answer(s) discarded", StringComparison.Ordinal));
    }

    [Fact]
    public void Units_sent_again_with_no_death_declared_set_the_time_aside_too()
    {
        // A gateway that failed its calls at once (its silo killed, membership not yet told): the units were redone
        // before any death was declared, and the redone work is in the time, which no model counts.
        var resent = new Resends([], RetriedUnits: 2, RetriedJobs: 1, DuplicatesDiscarded: 0);
        var clean = Cpu.DecideSteady(Settings, Shape, Costs, [Run(CpuExperiment.SingleGrain, 2.0), Run(CpuExperiment.StatelessWorkers, 1.9) with { Resends = new Resends([], 0, 0, 0) }]);
        var redone = Cpu.DecideSteady(Settings, Shape, Costs, [Run(CpuExperiment.SingleGrain, 2.0), Run(CpuExperiment.StatelessWorkers, 1.9) with { Resends = resent }]);

        Assert.Equal(VerdictState.DoesNotHold, clean.State);
        Assert.Equal(VerdictState.NotJudged, redone.State);
        Assert.Equal("2 unit(s) of stateless-workers were sent again after a silo failed or refused them: the results are checked, the time is not judged", redone.NotJudgedReason);
    }

    [Fact]
    public void A_round_without_the_loss_is_set_aside_too_because_the_cluster_changed_under_it()
    {
        IReadOnlyList<Outcome<CpuFigures>> before = [Run(CpuExperiment.SingleGrain, 2.0), Run(CpuExperiment.StatelessWorkers, 1.9)];
        IReadOnlyList<Outcome<CpuFigures>> during = [Run(CpuExperiment.SingleGrain, 2.0), Run(CpuExperiment.StatelessWorkers, 1.9) with { Resends = Lost }];

        var verdict = Cpu.Decide(Settings, Shape, Costs, [before, before, during]);

        Assert.Equal(VerdictState.NotJudged, verdict.State);
        Assert.All(verdict.Checks, c => Assert.Null(c.Measured));
    }

    [Fact]
    public void A_wrong_pi_after_a_lost_silo_still_does_not_hold()
    {
        var wrong = Run(CpuExperiment.StatelessWorkers, 1.0) with { Resends = Lost, Figures = new CpuFigures(3.0, SameAsLocalRun: false, ErrorVsMathPi: 0.14, JobsPerSecond: 4, CoresBusy: null) };

        var verdict = Cpu.DecideSteady(Settings, Shape, Costs, [Run(CpuExperiment.SingleGrain, 2.0), wrong]);

        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
    }

    private static Outcome<CpuFigures> Run(CpuExperiment.Strategy strategy, double seconds) =>
        new(strategy, strategy.Model(Settings, Shape, Costs), seconds, new CpuFigures(Math.PI, SameAsLocalRun: true, ErrorVsMathPi: 0, JobsPerSecond: 4 / seconds, CoresBusy: null));
}
