using Concurrency.Tests.Infrastructure;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;

namespace Concurrency.Tests.ModelTests;

/// <summary>The native models, evaluated exactly, and its judge on hand-built outcomes.</summary>
public sealed class NativeModelTests
{
    private static readonly NativeExperiment Experiment = new();
    private static readonly NativeSettings Settings = new(10, 100_000_000, 200);

    // A kernel of 100 ms; an idle ping 1 ms (p99 3 ms).
    private static readonly NativeCosts Costs = new(KernelSeconds: 0.1, LocalSum: Math.PI / 4, IdleP50Ms: 1, IdleP99Ms: 3);

    [Fact]
    public void In_the_turn_a_ping_waits_for_the_rest_of_a_kernel()
    {
        var model = NativeExperiment.InTurn.Model(Settings, new ClusterShape(8, 16, 8, 16), Costs);

        // Held 100 ms of every 101: f = 100/101, so the p-th percentile waits 101 x (p - 1/101) ms.
        Assert.Equal(1 + (101 * (0.50 - (1.0 / 101))), model.P50Ms!.Value, 9);
        Assert.Equal(3 + (101 * (0.99 - (1.0 / 101))), model.P99Ms!.Value, 9);
        Assert.Equal(10 * 0.101, model.Seconds, 9);
    }

    [Fact]
    public void Released_the_pings_stay_at_the_idle_floor()
    {
        var model = NativeExperiment.Released.Model(Settings, new ClusterShape(8, 16, 8, 16), Costs);

        Assert.Equal((1.0, 3.0), (model.P50Ms!.Value, model.P99Ms!.Value));
    }

    [Theory]
    // The bound is the idle p99 + half a kernel: 3 + 50 = 53 ms.
    [InlineData(52.9, VerdictState.Holds)]
    [InlineData(53.1, VerdictState.DoesNotHold)]
    public void Released_pings_may_not_wait_half_a_kernel(double releasedP99, VerdictState state)
    {
        Assert.Equal(state, Judge(ClusterShape.OneSilo(2), inTurnP99: 100, releasedP99).State);
    }

    [Fact]
    public void Pings_that_never_waited_in_the_turn_do_not_hold()
    {
        // A stub that released the kernel in both strategies: the in-turn p99 is far under half its model (~101 ms).
        Assert.Equal(VerdictState.DoesNotHold, Judge(ClusterShape.OneSilo(2), inTurnP99: 4, releasedP99: 4).State);
    }

    [Fact]
    public void One_core_is_not_judged()
    {
        Assert.Equal(VerdictState.NotJudged, Judge(ClusterShape.OneSilo(1), inTurnP99: 100, releasedP99: 100).State);
    }

    private static Verdict Judge(ClusterShape shape, double inTurnP99, double releasedP99)
    {
        Outcome<NativeFigures> Outcome(NativeExperiment.Strategy name, double p99) =>
            new(name, name.Model(Settings, shape, Costs), 1.0, new NativeFigures(1, p99, p99, 200, 10, true, 0.1));
        return Experiment.DecideSteady(Settings, shape, Costs, [Outcome(NativeExperiment.InTurn, inTurnP99), Outcome(NativeExperiment.Released, releasedP99)]);
    }
}
