using Concurrency.Client.Cli;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// A grain that sees a call cancelled may answer with its work marked cancelled instead of throwing, so an experiment
/// can return normally after Ctrl+C. The runner must still call such a run interrupted, and keep only the strategies
/// that finished before it.
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

    /// <summary>Finishes one strategy, is cancelled during the second, and answers it anyway, as a grain that caught the cancellation does.</summary>
    private sealed class AnsweringAfterCancellation(CancellationTokenSource interrupt, bool callFinish) : IPreparedExperiment, IExperiment
    {
        public IExperiment Experiment => this;

        public string Name => "fake";

        public string Claim => "a claim";

        public IReadOnlyList<string> Strategies { get; } = ["before", "during"];

        public IReadOnlyList<System.CommandLine.Option> Options { get; } = [];

        public IPreparedExperiment Prepare(ExperimentArgs args) => this;

        public async Task<ExperimentResult> RunAsync(ExperimentContext context, CancellationToken cancellationToken)
        {
            var before = context.Finish(new StrategyResult("before", 1, 1, null), cancellationToken);
            await interrupt.CancelAsync();
            var during = new StrategyResult("during", 1, 0.01, new Dictionary<string, object?> { ["failed"] = 5, ["reason"] = "cancelled" });
            if (callFinish)
            {
                during = context.Finish(during, cancellationToken);
            }

            return new ExperimentResult(Name, Claim, new Dictionary<string, object?>(), [before, during], Holds: true, "both done");
        }
    }
}
