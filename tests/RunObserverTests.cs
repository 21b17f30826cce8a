using Concurrency.Abstractions.Lab;
using Concurrency.Client.Cli;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// The run observer hears a run from the loops that run it: every strategy of every round as it starts and finishes,
/// then the experiment once; and the lab page keeps one line a strategy, its latest result.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RunObserverTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Each_round_of_each_strategy_is_heard_start_and_finish_and_the_experiment_once()
    {
        var heard = new Heard();
        var experiment = new AsyncFetchExperiment();
        var context = new ExperimentContext(fixture.Grains, fixture.Context.Cluster) { Observer = heard };

        var result = await ExperimentRunner.RunOneAsync(new Prepared(experiment, new AsyncFetchSettings(2, TimeSpan.FromMilliseconds(20))), context, CancellationToken.None);

        Assert.True(result.Rounds >= 2, $"{result.Rounds} round(s): the test needs a strategy sampled more than once");
        var starts = heard.Events.Where(e => e.Kind == "started").ToList();
        var finishes = heard.Events.Where(e => e.Kind == "finished").ToList();
        Assert.Equal(result.Rounds * experiment.Strategies.Count, starts.Count);
        Assert.Equal(starts.Select(s => s.Strategy), finishes.Select(f => f.Strategy));
        Assert.All(heard.Events.SkipLast(1), e => Assert.Equal("async-fetch", e.Experiment));
        Assert.Equal(("ended", "async-fetch", ""), heard.Events[^1]);

        // Each finish carries the strategy's rounds so far; the last of each is the result reported.
        foreach (var strategy in result.Strategies)
        {
            var last = heard.Finished.Last(f => f.Name == strategy.Name);
            Assert.Equal(strategy.RunSeconds, last.RunSeconds);
            Assert.Equal(strategy.MeasuredSeconds, last.MeasuredSeconds);
        }
    }

    [Fact]
    public async Task The_lab_page_keeps_a_strategys_latest_result_once()
    {
        var lab = fixture.Grains.GetGrain<ILabGrain>(fixture.Cluster.Silos[0].SiloAddress.ToParsableString());
        var experiment = $"observer-{Guid.NewGuid():N}";

        await lab.StrategyFinished(new LabStrategyResult(experiment, "gather", 1.0, 1.2));
        await lab.StrategyFinished(new LabStrategyResult(experiment, "reentrant", 1.0, 1.1));
        await lab.StrategyFinished(new LabStrategyResult(experiment, "gather", 1.0, 1.05));

        var run = await lab.Run(CancellationToken.None);
        Assert.Equal([("reentrant", 1.1), ("gather", 1.05)], run.Strategies.Where(s => s.Experiment == experiment).Select(s => (s.Strategy, s.MeasuredSeconds)));
    }

    [Fact]
    public async Task Once_its_verdict_is_in_the_lab_page_says_nothing_runs()
    {
        var lab = fixture.Grains.GetGrain<ILabGrain>(fixture.Cluster.Silos[0].SiloAddress.ToParsableString());
        var experiment = $"observer-{Guid.NewGuid():N}";

        await lab.Running(experiment, "gather");
        Assert.Equal((experiment, "gather"), (await lab.Run(CancellationToken.None)) is var running ? (running.Experiment, running.Strategy) : default);
        await lab.ExperimentFinished(new LabVerdict(experiment, "HOLDS", "why"));

        var run = await lab.Run(CancellationToken.None);
        Assert.Equal((null, null), (run.Experiment, run.Strategy));
        Assert.Equal(experiment, run.Verdicts[^1].Experiment);
    }

    private sealed record Prepared(AsyncFetchExperiment Fetch, AsyncFetchSettings Settings) : IPreparedExperiment
    {
        public IExperiment Experiment => Fetch;

        public async Task<ExperimentResult> RunAsync(ExperimentContext context, CancellationToken cancellationToken) =>
            await Fetch.RunAsync(context, Settings, cancellationToken: cancellationToken);
    }

    private sealed class Heard : IRunObserver
    {
        private readonly Lock _gate = new();

        public List<(string Kind, string Experiment, string Strategy)> Events { get; } = [];

        public List<StrategyResult> Finished { get; } = [];

        public void StrategyStarted(string experiment, IStrategy strategy)
        {
            lock (_gate)
            {
                Events.Add(("started", experiment, strategy.Name));
            }
        }

        public void StrategyFinished(string experiment, StrategyResult result)
        {
            lock (_gate)
            {
                Events.Add(("finished", experiment, result.Name));
                Finished.Add(result);
            }
        }

        public void ExperimentFinished(ExperimentResult result)
        {
            lock (_gate)
            {
                Events.Add(("ended", result.Name, ""));
            }
        }
    }
}
