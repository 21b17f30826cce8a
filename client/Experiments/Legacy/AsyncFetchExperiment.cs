using System.CommandLine;
using Concurrency.Abstractions;
using Concurrency.Client.Results;
using Concurrency.Hosting.Cli;

namespace Concurrency.Client.Experiments;

/// <summary>Settings of <see cref="AsyncFetchExperiment"/>.</summary>
public sealed record AsyncFetchSettings(int Count, TimeSpan Latency, IReadOnlyList<string> Strategies);

/// <summary>
/// The article's asyncio example: five fetches of one second "complete in about 1 second", because cooperative
/// multitasking on one thread interleaves them while each one waits.
///
/// A grain activation is that event loop: one turn at a time, on one thread at a time. <c>gather</c> is one call that
/// starts every fetch in one turn and awaits them together. <c>separate-calls</c> sends one call per fetch to an
/// ordinary grain, which takes the next request only when the previous one has finished, awaits included.
/// <c>reentrant</c> sends the same calls to a <c>[Reentrant]</c> grain, which takes the next request whenever the
/// current one awaits, so the waits overlap.
/// </summary>
public sealed class AsyncFetchExperiment : LegacyExperiment<AsyncFetchSettings>
{
    public const string Gather = "gather";
    public const string SeparateCalls = "separate-calls";
    public const string Reentrant = "reentrant";

    /// <summary>The most calls the one-call-per-fetch strategies send at once; <c>gather</c> makes one call however many.</summary>
    public const int MaxCalls = 10_000;

    /// <summary>How far above one latency a run may be and still count as "about one latency".</summary>
    public const double OneLatencyTolerance = 1.5;

    /// <summary>How close to the sum of the waits a queued run must come (each wait is at least one latency).</summary>
    public const double SumTolerance = 0.95;

    public override string Name => "async-fetch";

    public override string Claim => "Five fetches of 1 s on asyncio \"complete in about 1 second\": cooperative multitasking on a single thread interleaves them while each one waits.";

    public override IReadOnlyList<string> Strategies { get; } = [Gather, SeparateCalls, Reentrant];

    public override IReadOnlyList<Option> Options { get; } = [LegacyOptions.Count, LegacyOptions.Latency, LegacyOptions.Strategy];

    public override AsyncFetchSettings Bind(ExperimentArgs args)
    {
        var settings = new AsyncFetchSettings(
            args.Get(LegacyOptions.Count, 5),
            args.Get(LegacyOptions.Latency, TimeSpan.FromSeconds(1), quickDefault: TimeSpan.FromMilliseconds(250)),
            args.StrategiesOf(this));
        var (count, latency) = (settings.Count, settings.Latency);

        var perFetch = settings.Strategies.Contains(SeparateCalls) || settings.Strategies.Contains(Reentrant);
        if (perFetch && count > MaxCalls)
        {
            throw new UsageException($"--count {count:N0} is more than the {MaxCalls:N0} concurrent calls the {SeparateCalls} and {Reentrant} strategies may send; add --strategy {Gather}, which makes one call however many fetches.");
        }

        var sizes = $"--count {count:N0} with --latency {DurationText.Format(latency)}";
        foreach (var strategy in settings.Strategies)
        {
            var slowestCall = strategy == SeparateCalls ? latency * count : latency;
            ResponseBudget.Check(Name, strategy, slowestCall, sizes, strategy == SeparateCalls
                ? $"give fewer or shorter fetches, or --strategy {Gather},{Reentrant}"
                : "give a shorter --latency");
        }

        return settings;
    }

    public override Task<ExperimentResult> RunAsync(ExperimentContext context, AsyncFetchSettings settings, CancellationToken cancellationToken)
    {
        var key = GrainKeys.NewBase();
        var (count, latency) = (settings.Count, settings.Latency);
        return RunStrategiesAsync(
            context,
            settings.Strategies,
            new Dictionary<string, object?> { ["count"] = count, ["latencySeconds"] = latency.TotalSeconds },
            strategy => strategy switch
            {
                Gather => RunGatherAsync(context, settings, context.Grains.GetGrain<IEventLoopGrain>(key), cancellationToken),
                SeparateCalls => ConcurrentCalls.FetchEachAsync(context, $"{Name}/{SeparateCalls}", SeparateCalls, context.Grains.GetGrain<IEventLoopGrain>(key + 1), count, latency, count * latency.TotalSeconds, cancellationToken),
                Reentrant => ConcurrentCalls.FetchEachAsync(context, $"{Name}/{Reentrant}", Reentrant, context.Grains.GetGrain<IReentrantEventLoopGrain>(key), count, latency, latency.TotalSeconds, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(settings), strategy, "unknown strategy"),
            },
            strategies => Judge(settings, strategies),
            cancellationToken);
    }

    private async Task<StrategyResult> RunGatherAsync(ExperimentContext context, AsyncFetchSettings settings, IEventLoopGrain loop, CancellationToken cancellationToken)
    {
        await ConcurrentCalls.WarmAsync([loop], cancellationToken);
        using var progress = context.Progress.Start($"{Name}/{Gather}", settings.Count);
        var (summary, seconds) = await Measure.SecondsAsync(async () =>
        {
            var result = await loop.Gather(new DownloadBatch("api", 0, settings.Count, settings.Latency, 0), cancellationToken);
            progress.Advance(settings.Count);
            return result;
        });

        return LegacyResults.Strategy(Gather, settings.Latency.TotalSeconds, seconds, ConcurrentCalls.FetchMetrics(summary, calls: 1));
    }

    private static (bool Holds, string Explanation) Judge(AsyncFetchSettings settings, IReadOnlyList<StrategyResult> strategies)
    {
        var latency = settings.Latency.TotalSeconds;
        var verdict = new LegacyVerdict();
        foreach (var strategy in strategies)
        {
            if (strategy.Name == SeparateCalls)
            {
                var floor = SumTolerance * settings.Count * latency;
                verdict.Check(strategy.MeasuredSeconds >= floor,
                    $"{SeparateCalls} took {strategy.MeasuredSeconds:0.###} s, the sum of its {settings.Count:N0} waits ({settings.Count * latency:0.###} s, at least {SumTolerance}x required)");
            }
            else
            {
                var limit = OneLatencyTolerance * latency;
                verdict.Check(strategy.MeasuredSeconds <= limit,
                    $"{strategy.Name} took {strategy.MeasuredSeconds:0.###} s for {settings.Count:N0} fetches, against one latency of {latency:0.###} s (allowed up to {OneLatencyTolerance}x: {limit:0.###} s)");
            }
        }

        var failed = strategies.Sum(s => Convert.ToInt32(s.Legacy()?["failed"] ?? 0));
        verdict.Check(failed == 0, failed == 0 ? "every fetch succeeded" : $"{failed} fetches failed");

        return verdict.Explain(
            "An activation is asyncio's loop: one turn at a time, one thread at a time, and an await hands the thread back. " +
            $"{Gather} is `await asyncio.gather(*tasks)`: one turn starts every fetch, then the loop waits once for all of them. " +
            $"{SeparateCalls} is each request awaited to the end before the next one starts: an ordinary grain does not take a " +
            $"new request while the current one awaits, so the waits add up. {Reentrant} is one `asyncio.create_task` per request: " +
            "a [Reentrant] grain takes the next request at every await, so the waits overlap on the same single thread.");
    }
}
