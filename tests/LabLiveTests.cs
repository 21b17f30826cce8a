using Concurrency.Abstractions.Lab;
using Concurrency.Abstractions.Tracing;
using Concurrency.Grains.Lab;
using Concurrency.Grains.Tracing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Concurrency.Tests;

/// <summary>The silo's live feed on a fake clock: it records only while a page's lease runs, and each sample is bounded.</summary>
public sealed class LabLiveTests
{
    [Fact]
    public void A_silo_watches_only_while_the_last_sample_s_lease_runs()
    {
        var time = new FakeTimeProvider();
        using var live = new LabLive(time, Options.Create(new LabLiveOptions()));
        Assert.False(live.Watching);

        live.Sample("silo");
        Assert.True(live.Watching);
        time.Advance(LabLimits.WatchLease - TimeSpan.FromMilliseconds(1));
        Assert.True(live.Watching);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(live.Watching);
    }

    [Fact]
    public void A_sample_before_the_lease_ends_renews_it_for_a_whole_lease()
    {
        var time = new FakeTimeProvider();
        using var live = new LabLive(time, Options.Create(new LabLiveOptions()));

        live.Sample("silo");
        time.Advance(LabLimits.WatchLease - TimeSpan.FromMilliseconds(1));
        live.Sample("silo");
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(live.Watching);
        time.Advance(LabLimits.WatchLease - TimeSpan.FromMilliseconds(2));
        Assert.True(live.Watching);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(live.Watching);
    }

    [Fact]
    public void With_the_feed_off_a_sample_opens_no_lease()
    {
        var time = new FakeTimeProvider();
        using var live = new LabLive(time, Options.Create(new LabLiveOptions { Enabled = false }));

        var sample = live.Sample("silo");

        Assert.False(live.Watching);
        Assert.Empty(sample.Calls);
    }

    [Fact]
    public void A_call_that_starts_after_the_sample_s_moment_is_left_to_the_next_sample_and_the_tick_builds()
    {
        // A call can start between the moment a sample is stamped and the read of the running calls: drawn up to a
        // "now" before its start, it would end before it began, and the tick that cut its segments threw, which
        // ended the page's feed for good.
        var time = new FakeTimeProvider();
        using var live = new LabLive(time, Options.Create(new LabLiveOptions()));
        var later = TraceClock.NowMicroseconds() + 60_000_000;
        var tracker = CallTurns.Enter(TaskScheduler.Default);
        live.Started(tracker, new GrainCallRecord("G", "k", "@a", "M", 0, later, later, false, []));

        var sample = live.Sample("silo");

        Assert.Empty(sample.InFlight);
        var tick = Concurrency.Hosting.Lab.LabTick.From(sample.AtMicroseconds, [sample], LabRun.Empty, []);
        Assert.Empty(Assert.Single(tick.Silos).InFlight);
        tracker.Exit();
    }

    [Fact]
    public void A_sample_carries_at_most_its_limit_of_calls_and_turns_and_counts_the_rest()
    {
        var time = new FakeTimeProvider();
        using var live = new LabLive(time, Options.Create(new LabLiveOptions()));
        var turns = Enumerable.Range(0, LabLimits.TurnsPerCall + 8).Select(i => new CallTurn(i * 10, i * 10 + 5, 1, true)).ToArray();
        var call = new GrainCallRecord("G", "k", "@a", "M", 0, 0, 1_000, false, turns);
        live.Sample("silo");
        for (var i = 0; i < LabLimits.CallsPerSample + 25; i++)
        {
            var tracker = CallTurns.Enter(TaskScheduler.Default);
            live.Started(tracker, call);
            live.Ended(tracker, call);
            tracker.Exit();
        }

        var sample = live.Sample("silo");
        Assert.Equal(LabLimits.CallsPerSample, sample.Calls.Count);
        Assert.Equal(25, sample.CallsLeftOut);
        Assert.Empty(sample.InFlight);
        Assert.All(sample.Calls, c => Assert.Equal((LabLimits.TurnsPerCall, 8, 8 * 5L), (c.Turns.Count, c.OmittedTurns, c.OmittedTurnMicroseconds)));

        var next = live.Sample("silo");
        Assert.Empty(next.Calls);
        Assert.Equal(0, next.CallsLeftOut);
        time.Advance(LabLimits.WatchLease);
    }
}
