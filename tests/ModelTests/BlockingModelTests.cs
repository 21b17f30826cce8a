using Concurrency.Tests.Infrastructure;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;

namespace Concurrency.Tests.ModelTests;

/// <summary>The blocking models and judge, evaluated by hand for a shape and a pool this machine does not have.</summary>
public sealed class BlockingModelTests
{
    private static readonly ClusterShape Big = new(8, 16, 8, 16);
    private static readonly BlockingExperiment Experiment = new();
    private static readonly BlockingSettings Defaults = new(5, TimeSpan.FromSeconds(1), 64);

    [Fact]
    public void Awaited_fetches_take_one_latency_and_blocking_sleeps_add_up()
    {
        var costs = new BlockingCosts(PoolThreads: 40, MinThreads: 16, SiloProcessorCount: 16, TurnWarningSeconds: 1);

        Assert.Equal(1.0, BlockingExperiment.Await.Model(Defaults, Big, costs).Seconds, 12);
        Assert.Equal(5.0, BlockingExperiment.BlockingSleep.Model(Defaults, Big, costs).Seconds, 12);
    }

    [Fact]
    public void Blocking_many_drains_as_the_ready_threads_and_the_injected_ones_cover_the_sleeps()
    {
        // 16 ready threads (the minimum, above the 10 the pool had) and 2 added a second: 16t + t² = 64 s of sleeps.
        var sixteen = new BlockingCosts(PoolThreads: 10, MinThreads: 16, SiloProcessorCount: 16, TurnWarningSeconds: 1);
        Assert.Equal(3.313708498984761, BlockingExperiment.BlockingMany.Model(Defaults, Big, sixteen).Seconds, 9);

        // A 2-core silo's pool: 2t + t² = 64, about the 7 s measured.
        var two = new BlockingCosts(PoolThreads: 2, MinThreads: 2, SiloProcessorCount: 2, TurnWarningSeconds: 1);
        Assert.Equal(7.06225774829855, BlockingExperiment.BlockingMany.Model(Defaults, Big, two).Seconds, 9);

        // A thread per grain already: every sleep at once, one latency.
        var plenty = new BlockingCosts(PoolThreads: 64, MinThreads: 16, SiloProcessorCount: 16, TurnWarningSeconds: 1);
        Assert.Equal(1.0, BlockingExperiment.BlockingMany.Model(Defaults, Big, plenty).Seconds, 12);
    }

    [Fact]
    public void The_claim_holds_when_awaits_overlap_sleeps_queue_and_grains_wait_for_threads()
    {
        var costs = new BlockingCosts(2, 2, 2, 1);

        var verdict = Judge(costs, (BlockingExperiment.Await, 1.05), (BlockingExperiment.BlockingSleep, 5.01), (BlockingExperiment.BlockingMany, 7.0));

        Assert.Equal(VerdictState.Holds, verdict.State);
        Assert.Equal(4, verdict.Checks.Count);
    }

    [Fact]
    public void Sleeps_that_overlapped_or_grains_that_never_waited_for_a_thread_do_not_hold()
    {
        var costs = new BlockingCosts(2, 2, 2, 1);

        Assert.Equal(VerdictState.DoesNotHold, Judge(costs, (BlockingExperiment.Await, 1.0), (BlockingExperiment.BlockingSleep, 1.1)).State);
        Assert.Equal(VerdictState.DoesNotHold, Judge(costs, (BlockingExperiment.Await, 1.0), (BlockingExperiment.BlockingSleep, 5.0), (BlockingExperiment.BlockingMany, 1.0)).State);
        Assert.Equal(VerdictState.DoesNotHold, Judge(costs, (BlockingExperiment.Await, 5.0), (BlockingExperiment.BlockingSleep, 5.0)).State);
    }

    [Fact]
    public void A_strategy_alone_or_a_pool_with_a_thread_per_grain_is_not_judged()
    {
        var costs = new BlockingCosts(2, 2, 2, 1);
        var alone = Judge(costs, (BlockingExperiment.Await, 1.0));
        Assert.Equal(VerdictState.NotJudged, alone.State);
        Assert.Contains(BlockingExperiment.BlockingSleep.Name, alone.NotJudgedReason);

        var plenty = Judge(new BlockingCosts(100, 16, 16, 1), (BlockingExperiment.Await, 1.0), (BlockingExperiment.BlockingSleep, 5.0), (BlockingExperiment.BlockingMany, 1.0));
        Assert.Equal(VerdictState.NotJudged, plenty.State);
        Assert.Contains("100 threads", plenty.NotJudgedReason);
    }

    [Fact]
    public void Each_blocking_many_round_is_modelled_on_the_pool_it_started_with()
    {
        // The costs saw 3 ready threads (7 s to drain 64 sleeps). Round 1 started there; rounds 2 and 3 started with
        // the 12 threads round 1 injected (about 4.6 s), as a silo's pool keeps them a while. Judged on the costs'
        // pool, a later round's 3.5 s would not hold, under half of 7 s; on its own pool it holds.
        var costs = new BlockingCosts(PoolThreads: 3, MinThreads: 2, SiloProcessorCount: 2, TurnWarningSeconds: 1);
        var shape = ClusterShape.OneSilo(2);
        IReadOnlyList<Outcome<BlockingFigures>> Round(int threadsBefore, double seconds) =>
        [
            new(BlockingExperiment.Await, BlockingExperiment.Await.Model(Defaults, shape, costs), 1.0, new BlockingFigures(Defaults.Count, 0)),
            new(BlockingExperiment.BlockingSleep, BlockingExperiment.BlockingSleep.Model(Defaults, shape, costs), 5.0, new BlockingFigures(Defaults.Count, 0)),
            new(BlockingExperiment.BlockingMany, BlockingExperiment.BlockingMany.Model(Defaults, shape, costs), seconds,
                new BlockingFigures(Defaults.Grains, 0, Pool: new PoolFigures(threadsBefore, threadsBefore + 10, threadsBefore + 10, 2, seconds - 1, 1))),
        ];

        var verdict = Experiment.Decide(Defaults, shape, costs, [Round(3, 7.2), Round(12, 3.5), Round(12, 3.6)]);

        Assert.Equal(VerdictState.Holds, verdict.State);

        // A round whose pool already had a thread per grain shows nothing: it is set aside, not failed.
        var plenty = Experiment.Decide(Defaults, shape, costs, [Round(3, 7.2), Round(64, 1.02), Round(3, 7.0)]);
        Assert.NotEqual(VerdictState.DoesNotHold, plenty.State);
        Assert.Single(plenty.Checks.Single(c => c.Figure.StartsWith("blocking-many", StringComparison.Ordinal)).Unread);
    }

    private static Verdict Judge(BlockingCosts costs, params (BlockingExperiment.Strategy Strategy, double Seconds)[] runs) =>
        Experiment.DecideSteady(Defaults, Big, costs, [.. runs.Select(r => new Outcome<BlockingFigures>(
            r.Strategy,
            r.Strategy.Model(Defaults, Big, costs),
            r.Seconds,
            new BlockingFigures(r.Strategy == BlockingExperiment.BlockingMany ? Defaults.Grains : Defaults.Count, 0)))]);
}
