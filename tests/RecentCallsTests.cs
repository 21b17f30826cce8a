using Concurrency.Abstractions.Lab;
using Concurrency.Abstractions.Tracing;
using Concurrency.Grains.Lab;
using Concurrency.Grains.Tracing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Concurrency.Tests;

/// <summary>
/// What a silo keeps of its calls with no page open, for a page that opens mid-run: a ring of the recent ended
/// calls read by the window the page draws, the calls still running, and a budget that bounds what an unwatched
/// silo records.
/// </summary>
public sealed class RecentCallsTests
{
    private static GrainCallRecord Call(long start, long end, string method = "M") => new("G", "k", "@a", method, 0, start, end, false, []);

    [Fact]
    public void The_ring_gives_the_newest_calls_that_ended_in_the_window_oldest_first()
    {
        var recent = new RecentCalls(capacity: 4);
        foreach (var end in new long[] { 10, 20, 30, 40, 50, 60 })
        {
            recent.Add(Call(end - 5, end));
        }

        Assert.Equal([30L, 40, 50, 60], recent.EndedSince(0, max: 10).Select(c => c.EndMicroseconds));
        Assert.Equal([50L, 60], recent.EndedSince(45, max: 10).Select(c => c.EndMicroseconds));
        Assert.Equal([50L, 60], recent.EndedSince(0, max: 2).Select(c => c.EndMicroseconds));
        Assert.Empty(recent.EndedSince(61, max: 10));
    }

    [Fact]
    public void The_budget_admits_its_calls_then_nothing_until_renewed_and_remembers_it_was_spent()
    {
        var budget = new RecordingBudget(perRenewal: 3);
        Assert.Equal([true, true, true, false, false], Enumerable.Range(0, 5).Select(_ => budget.TryTake()));
        Assert.False(budget.MayTake);
        Assert.False(budget.SpentSince(long.MinValue + 1));

        budget.Renew(nowMicroseconds: 100);
        Assert.True(budget.MayTake);
        Assert.True(budget.SpentSince(100));
        Assert.False(budget.SpentSince(101));

        // A budget not spent when renewed leaves the last moment it was spent as it was.
        budget.TryTake();
        budget.Renew(nowMicroseconds: 200);
        Assert.False(budget.SpentSince(101));
    }

    [Fact]
    public void With_no_page_open_a_call_goes_to_the_history_and_not_to_a_sample()
    {
        using var live = new LabLive(new FakeTimeProvider(), Options.Create(new LabLiveOptions()));
        var now = TraceClock.NowMicroseconds();
        var ended = CallTurns.Enter(TaskScheduler.Default);
        live.Started(ended, Call(now - 2_000, now - 1_000, "Ended"));
        live.Ended(ended, Call(now - 2_000, now - 1_000, "Ended"));
        ended.Exit();
        var running = CallTurns.Enter(TaskScheduler.Default);
        live.Started(running, Call(now - 500, now - 500, "Running"));

        Assert.False(live.Watching);
        var history = live.History();
        Assert.Equal(["Ended"], history.Calls.Select(c => c.Method));
        Assert.Equal(["Running"], history.InFlight.Select(c => c.Method));
        Assert.True(history.InFlight[0].EndMicroseconds >= now, "a running call is drawn up to the moment the history was taken");

        // The page's own samples start from the moment it watches: the history already gave it the ended call.
        var sample = live.Sample("silo");
        Assert.Empty(sample.Calls);
        Assert.Equal(["Running"], sample.InFlight.Select(c => c.Method));
        running.Exit();
    }

    [Fact]
    public void A_call_older_than_the_window_is_not_in_the_history()
    {
        using var live = new LabLive(new FakeTimeProvider(), Options.Create(new LabLiveOptions()));
        var old = TraceClock.NowMicroseconds() - (long)(LabLimits.RecentCallsWindow + TimeSpan.FromSeconds(1)).TotalMicroseconds;
        var turns = CallTurns.Enter(TaskScheduler.Default);
        live.Started(turns, Call(old - 1_000, old));
        live.Ended(turns, Call(old - 1_000, old));
        turns.Exit();

        Assert.Empty(live.History().Calls);
    }

    [Fact]
    public void With_the_feed_off_nothing_is_admitted_or_kept()
    {
        using var live = new LabLive(new FakeTimeProvider(), Options.Create(new LabLiveOptions { Enabled = false }));
        Assert.False(live.MayRecord);
        Assert.False(live.Admit());
        Assert.Same(LabSiloHistory.Empty, live.History());
    }

    [Fact]
    public void Fifteen_seconds_at_the_unwatched_rate_fit_in_the_ring() =>
        Assert.True(LabLimits.RecentCallsPerPoint * (LabLimits.RecentCallsWindow / LabLimits.PoolPointEvery) <= LabLimits.RecentCallsKept);
}
