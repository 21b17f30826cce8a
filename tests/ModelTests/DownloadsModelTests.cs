using Concurrency.Tests.Infrastructure;
using Concurrency.Abstractions;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;

namespace Concurrency.Tests.ModelTests;

/// <summary>The downloads models and judge, evaluated without a cluster, for a shape this machine is not.</summary>
public sealed class DownloadsModelTests
{
    private static readonly ClusterShape EightSilos = new(8, 16, 8, 16);
    private static readonly DownloadsExperiment Experiment = new();
    private static readonly DownloadsSettings ThreeOfTwoSeconds = new(3, TimeSpan.FromSeconds(2));

    [Theory]
    [InlineData("sequential", 3, 2000, 6.0)]
    [InlineData("concurrent", 3, 2000, 2.0)]
    [InlineData("sequential", 40, 250, 10.0)]
    [InlineData("concurrent", 1_000_000, 1000, 1.0)]
    public void Sequential_waits_add_up_and_concurrent_ones_take_one_latency_on_any_shape(string strategy, int count, int latencyMs, double seconds)
    {
        var settings = new DownloadsSettings(count, TimeSpan.FromMilliseconds(latencyMs));

        Assert.Equal(seconds, Experiment.Named(strategy).Model(settings, EightSilos, NoCosts.Instance).Seconds, 12);
        Assert.Equal(seconds, Experiment.Named(strategy).Model(settings, ClusterShape.OneSilo(1), NoCosts.Instance).Seconds, 12);
    }

    [Fact]
    public void Sequential_near_the_sum_and_concurrent_near_one_latency_hold()
    {
        var verdict = Judge(ThreeOfTwoSeconds, Run(DownloadsExperiment.Sequential, 6.05), Run(DownloadsExperiment.Concurrent, 2.9));

        Assert.Equal(VerdictState.Holds, verdict.State);
        Assert.All(verdict.Checks, c => Assert.True(c.Passed, c.Line));
    }

    [Theory]
    [InlineData(6.05, 3.1)] // concurrent over 1.5 x one latency (3 s)
    [InlineData(5.6, 2.1)] // sequential under 0.95 x the sum of its waits (5.7 s): the downloads overlapped
    public void A_strategy_past_its_tolerance_does_not_hold(double sequential, double concurrent)
    {
        var verdict = Judge(ThreeOfTwoSeconds, Run(DownloadsExperiment.Sequential, sequential), Run(DownloadsExperiment.Concurrent, concurrent));

        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
        Assert.Single(verdict.Checks, c => !c.Passed);
    }

    [Fact]
    public void A_failed_download_does_not_hold_when_no_failures_were_injected()
    {
        var verdict = Judge(ThreeOfTwoSeconds, Run(DownloadsExperiment.Sequential, 6.05), Run(DownloadsExperiment.Concurrent, 2.1, failed: 1));

        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
    }

    [Theory]
    [InlineData("sequential", 6.05, 5.0)]
    [InlineData("concurrent", 2.1, 3.5)]
    public void One_strategy_alone_is_not_judged_but_still_checked_against_its_model(string strategy, double within, double beyond)
    {
        Assert.Equal(VerdictState.NotJudged, Judge(ThreeOfTwoSeconds, Run(Experiment.Named(strategy), within)).State);
        Assert.Equal(VerdictState.DoesNotHold, Judge(ThreeOfTwoSeconds, Run(Experiment.Named(strategy), beyond)).State);
    }

    [Fact]
    public void With_failures_injected_time_is_not_judged_but_every_download_must_be_accounted_for()
    {
        var http = ThreeOfTwoSeconds with { Http = new HttpFetch(null, TimeSpan.FromSeconds(5), 3, FailRate: 0.5) };

        // Far slower than the model, with failures: only the accounting is judged.
        Assert.Equal(VerdictState.NotJudged, Judge(http, Run(DownloadsExperiment.Sequential, 30, failed: 2), Run(DownloadsExperiment.Concurrent, 20, failed: 1)).State);

        var lost = Run(DownloadsExperiment.Concurrent, 2.1) with { Figures = Figures(3, succeeded: 1, failed: 1) };
        Assert.Equal(VerdictState.DoesNotHold, Judge(http, Run(DownloadsExperiment.Sequential, 6.05), lost).State);
    }

    private static Verdict Judge(DownloadsSettings settings, params Outcome<DownloadsFigures>[] outcomes) =>
        Experiment.DecideSteady(settings, EightSilos, NoCosts.Instance, outcomes);

    private static Outcome<DownloadsFigures> Run(DownloadsExperiment.Strategy strategy, double seconds, int failed = 0) => new(
        strategy, strategy.Model(ThreeOfTwoSeconds, EightSilos, NoCosts.Instance), seconds, Figures(3, 3 - failed, failed));

    private static DownloadsFigures Figures(int downloads, int succeeded, int failed) =>
        new(downloads, succeeded, failed, downloads, 0, 0, 1, 1, 2, 2, failed == 0 ? new Dictionary<string, int>() : new() { ["timed out"] = failed }, Sites: null);
}
