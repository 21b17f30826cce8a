using Concurrency.Client.Cli;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// A grain that sees a call cancelled may answer with its work marked cancelled instead of throwing, so an experiment
/// can return normally after Ctrl+C. The runner must still call such a run interrupted, and keep only the strategies
/// that finished before it. A grain call that fails on the cluster's side (a timeout, a silo that left) stops the
/// experiment the same way, saying what the failure means for the work: a timeout's outcome is unknown.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CancelledRunTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_run_that_returns_normally_after_cancellation_is_interrupted_with_only_what_finished_before()
    {
        using var interrupt = new CancellationTokenSource();
        var context = fixture.Context;
        var run = new AnsweringAfterCancellation(interrupt, callFinish: false);

        var error = await Assert.ThrowsAsync<InterruptedException>(() => ExperimentRunner.RunOneAsync(run, context, interrupt.Token));

        Assert.False(error.Partial.Complete);
        Assert.False(error.Partial.Holds);
        Assert.Equal(["before"], error.Partial.Strategies.Select(s => s.Name));
    }

    [Fact]
    public async Task A_strategy_answered_after_cancellation_is_not_recorded_as_finished()
    {
        using var interrupt = new CancellationTokenSource();
        var context = fixture.Context;
        var run = new AnsweringAfterCancellation(interrupt, callFinish: true);

        var error = await Assert.ThrowsAsync<InterruptedException>(() => ExperimentRunner.RunOneAsync(run, context, interrupt.Token));

        Assert.Equal(["before"], error.Partial.Strategies.Select(s => s.Name));
        Assert.Equal(["before"], context.Finished.Select(s => s.Name));
    }

    [Fact]
    public async Task A_grain_call_that_timed_out_stops_the_experiment_as_outcome_unknown_with_what_finished()
    {
        var run = new FailingAfterOne(new TimeoutException("Response did not arrive on time in 00:00:30 for message: Request. Target History is: x."));

        var error = await Assert.ThrowsAsync<InterruptedException>(() => ExperimentRunner.RunOneAsync(run, fixture.Context, CancellationToken.None));

        Assert.StartsWith("A grain call timed out, so its outcome is unknown", error.Reason);
        Assert.Contains("not resent", error.Reason);
        Assert.Contains("Response did not arrive on time in 00:00:30 for message: Request)", error.Reason);
        Assert.Equal(["before"], error.Partial.Strategies.Select(s => s.Name));
        Assert.StartsWith(error.Reason, error.Partial.Explanation);
    }

    [Fact]
    public async Task A_grain_call_its_silo_refused_stops_the_experiment_but_a_bug_is_not_dressed_up_as_one()
    {
        var refused = new FailingAfterOne(new SiloUnavailableException("Silo S127.0.0.1:11111:1 is shutting down."));
        var error = await Assert.ThrowsAsync<InterruptedException>(() => ExperimentRunner.RunOneAsync(refused, fixture.Context, CancellationToken.None));
        Assert.StartsWith("A grain call failed because its silo left the cluster or refused it", error.Reason);

        var bug = new FailingAfterOne(new InvalidOperationException("a bug"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => ExperimentRunner.RunOneAsync(bug, fixture.Context, CancellationToken.None));
    }

    /// <summary>Finishes one strategy, then a grain call of the second fails with <paramref name="failure"/>.</summary>
    private sealed class FailingAfterOne(Exception failure) : FakeExperiment
    {
        public override Task<ExperimentResult> RunAsync(ExperimentContext context, CancellationToken cancellationToken)
        {
            context.Finish(Name, new StrategyResult("before", new Expectation(1), 1, new FakeFigures(Failed: 0)), cancellationToken);
            return Task.FromException<ExperimentResult>(failure);
        }
    }

    /// <summary>Finishes one strategy, is cancelled during the second, and answers it anyway, as a grain that caught the cancellation does.</summary>
    private sealed class AnsweringAfterCancellation(CancellationTokenSource interrupt, bool callFinish) : FakeExperiment
    {
        public override async Task<ExperimentResult> RunAsync(ExperimentContext context, CancellationToken cancellationToken)
        {
            var before = context.Finish(Name, new StrategyResult("before", new Expectation(1), 1, new FakeFigures(Failed: 0)), cancellationToken);
            await interrupt.CancelAsync();
            var during = new StrategyResult("during", new Expectation(1), 0.01, new FakeFigures(Failed: 5));
            if (callFinish)
            {
                during = context.Finish(Name, during, cancellationToken);
            }

            return new ExperimentResult(Name, Claim, null, null, null, [before, during], new Verdict(VerdictState.Holds, [], null, [], "both done"));
        }
    }

    private sealed record FakeFigures(long Failed) : StrategyFigures, ICountsFailures;

    private sealed record Named(string Name) : IStrategy;

    private abstract class FakeExperiment : IPreparedExperiment, IExperiment
    {
        public IExperiment Experiment => this;

        public string Name => "fake";

        public string Claim => "a claim";

        public IReadOnlyList<IStrategy> Strategies { get; } = [new Named("before"), new Named("during")];

        public IReadOnlyList<ISetting> Settings { get; } = [];

        public IReadOnlyList<string> SoakArguments { get; } = [];

        public IPreparedExperiment Prepare(SettingValues values) => this;

        public abstract Task<ExperimentResult> RunAsync(ExperimentContext context, CancellationToken cancellationToken);
    }
}
