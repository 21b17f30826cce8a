using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;

namespace Concurrency.Grains;

/// <summary>
/// The downloaders' resilience pipeline, outermost first: retry, circuit breaker, per-try timeout. Each download says
/// how long a try may take and how many retries it gets (its <see cref="Abstractions.HttpFetch"/>, carried in the
/// resilience context), so one pipeline serves every run. There is one pipeline, and so one circuit breaker, per
/// authority (host and port): a server that keeps failing is cut off without punishing the others. The simulated
/// internet serves all its sites from one authority, so they share a breaker, as the sites behind one real server
/// would; a breaker per site name would cost a pipeline per name, built on the first request to each.
/// </summary>
public static class HttpDownloadPipeline
{
    /// <summary>The first retry waits about this long; each next one twice as long, with jitter so retries do not stampede.</summary>
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan RetryMaxDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The breaker opens when most of the tries in the sampling window failed: a site that is down, not one that is
    /// flaky (flakiness is what retries are for). A thousand downloads land together, and their failures may be counted
    /// before their successes, so a lower ratio would cut off a site that fails one answer in five.
    /// </summary>
    public const double BreakerFailureRatio = 0.7;

    /// <summary>...and the window held at least this many tries, so a few unlucky answers do not open it.</summary>
    public const int BreakerMinimumThroughput = 50;

    public static readonly TimeSpan BreakerSamplingDuration = TimeSpan.FromSeconds(5);

    /// <summary>How long an open breaker refuses tries before it lets one through to test the site.</summary>
    public static readonly TimeSpan BreakerBreakDuration = TimeSpan.FromSeconds(2);

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline)
    {
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Abstractions.HttpFetch.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = RetryBaseDelay,
            MaxDelay = RetryMaxDelay,
            ShouldRetryAfterHeader = false,

            // Transient failures (5xx, 408, 429, resets, per-try timeouts) are retried, as many times as this download
            // allows. An open circuit is not transient: it ends the download at once with its reason.
            ShouldHandle = args => ValueTask.FromResult(
                DownloadAttempts.Of(args.Context) is { } attempts
                && args.AttemptNumber < attempts.Fetch.Retries
                && HttpClientResiliencePredicates.IsTransient(args.Outcome)
                && args.Outcome.Exception is not BrokenCircuitException),
            OnRetry = args =>
            {
                DownloadAttempts.Of(args.Context)?.Retrying();
                return ValueTask.CompletedTask;
            },
        });

        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = BreakerFailureRatio,
            MinimumThroughput = BreakerMinimumThroughput,
            SamplingDuration = BreakerSamplingDuration,
            BreakDuration = BreakerBreakDuration,
        });

        pipeline.AddTimeout(new HttpTimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(DownloadAttempts.Of(args.Context)?.Fetch.Timeout ?? TimeSpan.FromSeconds(30)),
        });
    }
}
