using Concurrency.Grains;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>The simulated network's shared timers on a fake clock: exact times, exact timer counts.</summary>
public sealed class SimulatedNetworkTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private readonly WatchedFakeClock _clock = new();
    private readonly SimulatedNetwork _network;

    public SimulatedNetworkTests() => _network = new SimulatedNetwork(new LabClock(_clock));

    [Fact]
    public async Task A_wait_of_one_second_is_not_delivered_at_999_ms_and_is_delivered_at_1000_ms()
    {
        var started = _clock.GetTimestamp();
        var arrival = _network.Park(Second);
        await _clock.ArmedAsync(1);

        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(arrival.Delivered.IsCompleted, "delivered before its latency");
        Assert.Equal(1, _network.PendingTimers);

        _clock.Advance(TimeSpan.FromMilliseconds(1));

        // The timestamp is read when the timer fires, inside Advance: an early delivery would carry 999 ms.
        Assert.Equal(Second, _clock.GetElapsedTime(started, await arrival.Delivered));
        Assert.Equal(0, _network.PendingTimers);
        Assert.Equal(0, _clock.Alive);
    }

    [Fact]
    public async Task Ten_thousand_waits_due_in_one_millisecond_share_one_timer()
    {
        var started = _clock.GetTimestamp();
        var arrivals = Enumerable.Range(0, 10_000).Select(_ => _network.Park(Second)).ToList();

        Assert.Equal(1, _network.PendingTimers);
        Assert.Equal(1, _clock.Alive);
        Assert.Equal(1, _clock.Armed);

        _clock.Advance(Second);
        var delivered = await Task.WhenAll(arrivals.Select(a => a.Delivered));

        Assert.All(delivered, at => Assert.Equal(Second, _clock.GetElapsedTime(started, at)));
        Assert.Equal(0, _clock.Alive);
    }

    [Fact]
    public async Task Waits_due_in_different_milliseconds_get_a_timer_each_and_arrive_in_order()
    {
        var started = _clock.GetTimestamp();
        var first = _network.Park(TimeSpan.FromMilliseconds(10));
        var second = _network.Park(TimeSpan.FromMilliseconds(11));
        Assert.Equal(2, _network.PendingTimers);

        _clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(10), _clock.GetElapsedTime(started, await first.Delivered));
        Assert.False(second.Delivered.IsCompleted, "the 11 ms wait arrived at 10 ms");

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(TimeSpan.FromMilliseconds(11), _clock.GetElapsedTime(started, await second.Delivered));
    }

    [Fact]
    public async Task A_latency_is_rounded_up_to_the_millisecond_never_down()
    {
        var started = _clock.GetTimestamp();
        var arrival = _network.Park(TimeSpan.FromMilliseconds(2.5));

        _clock.Advance(TimeSpan.FromMilliseconds(2));
        Assert.False(arrival.Delivered.IsCompleted, "a 2.5 ms wait arrived at 2 ms");

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(TimeSpan.FromMilliseconds(3), _clock.GetElapsedTime(started, await arrival.Delivered));
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_no_timer()
    {
        using var cancel = new CancellationTokenSource();
        var wait = _network.WaitAsync(TimeSpan.FromMinutes(10), cancel.Token);
        Assert.Equal(1, _network.PendingTimers);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);

        Assert.Equal(0, _network.PendingTimers);
        Assert.Equal(0, _clock.Alive);
    }

    [Fact]
    public async Task A_shared_timer_outlives_a_wait_that_leaves_and_goes_with_the_last()
    {
        var started = _clock.GetTimestamp();
        var leaving = _network.Park(Second);
        var staying = _network.Park(Second);

        SimulatedNetwork.Abandon(leaving);
        Assert.Equal(1, _network.PendingTimers);
        _clock.Advance(Second);
        Assert.Equal(Second, _clock.GetElapsedTime(started, await staying.Delivered));

        var last = _network.Park(Second);
        SimulatedNetwork.Abandon(last);
        Assert.Equal(0, _network.PendingTimers);
        Assert.Equal(0, _clock.Alive);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => last.Delivered);
    }

    [Fact]
    public async Task A_zero_latency_needs_no_timer()
    {
        var now = _clock.GetTimestamp();

        Assert.Equal(now, await _network.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.Equal(0, _clock.Armed);
    }
}
