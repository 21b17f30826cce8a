using Concurrency.Tests.Infrastructure;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;

namespace Concurrency.Tests.ModelTests;

/// <summary>The async-fetch models and judge, evaluated without a cluster, for a shape this machine is not.</summary>
public sealed class AsyncFetchModelTests
{
    private static readonly ClusterShape EightSilos = new(8, 16, 8, 16);
    private static readonly AsyncFetchExperiment Experiment = new();
    private static readonly AsyncFetchSettings FiveOfOneSecond = new(5, TimeSpan.FromSeconds(1));

    [Theory]
    [InlineData("gather", 1.0)]
    [InlineData("reentrant", 1.0)]
    [InlineData("separate-calls", 5.0)]
    public void Overlapping_fetches_take_one_latency_and_queued_calls_the_sum(string strategy, double seconds)
    {
        Assert.Equal(seconds, Experiment.Named(strategy).Model(FiveOfOneSecond, EightSilos, NoCosts.Instance).Seconds, 12);

        // One activation is one thread at a time whatever the cluster: 1,000 fetches of 20 ms.
        var many = new AsyncFetchSettings(1000, TimeSpan.FromMilliseconds(20));
        Assert.Equal(strategy == AsyncFetchExperiment.SeparateCalls.Name ? 20.0 : 0.02, Experiment.Named(strategy).Model(many, EightSilos, NoCosts.Instance).Seconds, 12);
    }

    [Fact]
    public void Every_strategy_within_its_tolerance_holds()
    {
        var verdict = Judge(Run(AsyncFetchExperiment.Gather, 1.4), Run(AsyncFetchExperiment.SeparateCalls, 4.8), Run(AsyncFetchExperiment.Reentrant, 1.02));

        Assert.Equal(VerdictState.Holds, verdict.State);
    }

    [Theory]
    [InlineData(1.6, 5.05, 1.02)] // gather over 1.5 x one latency
    [InlineData(1.02, 4.7, 1.02)] // separate calls under 0.95 x the sum: the ordinary grain interleaved them
    [InlineData(1.02, 5.05, 1.6)] // reentrant over 1.5 x one latency
    public void A_strategy_past_its_tolerance_does_not_hold(double gather, double separate, double reentrant)
    {
        var verdict = Judge(Run(AsyncFetchExperiment.Gather, gather), Run(AsyncFetchExperiment.SeparateCalls, separate), Run(AsyncFetchExperiment.Reentrant, reentrant));

        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
        Assert.Single(verdict.Checks, c => !c.Passed);
    }

    [Fact]
    public void Without_the_queued_contrast_the_claim_is_not_judged()
    {
        Assert.Equal(VerdictState.NotJudged, Judge(Run(AsyncFetchExperiment.Gather, 1.02), Run(AsyncFetchExperiment.Reentrant, 1.02)).State);
        Assert.Equal(VerdictState.NotJudged, Judge(Run(AsyncFetchExperiment.SeparateCalls, 5.05)).State);
        Assert.Equal(VerdictState.Holds, Judge(Run(AsyncFetchExperiment.Gather, 1.02), Run(AsyncFetchExperiment.SeparateCalls, 5.05)).State);
    }

    [Fact]
    public void A_failed_fetch_does_not_hold()
    {
        var failed = Run(AsyncFetchExperiment.Gather, 1.02) with { Figures = new AsyncFetchFigures(5, 4, 1, 1) };

        Assert.Equal(VerdictState.DoesNotHold, Judge(failed, Run(AsyncFetchExperiment.SeparateCalls, 5.05)).State);
    }

    private static Verdict Judge(params Outcome<AsyncFetchFigures>[] outcomes) =>
        Experiment.DecideSteady(FiveOfOneSecond, EightSilos, NoCosts.Instance, outcomes);

    private static Outcome<AsyncFetchFigures> Run(AsyncFetchExperiment.Strategy strategy, double seconds) => new(
        strategy, strategy.Model(FiveOfOneSecond, EightSilos, NoCosts.Instance), seconds, new AsyncFetchFigures(5, 5, 0, strategy == AsyncFetchExperiment.Gather ? 1 : 5));
}
