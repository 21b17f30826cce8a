using Concurrency.Client.Cluster;
using Microsoft.Extensions.Time.Testing;

namespace Concurrency.Tests;

/// <summary>
/// The window after a death in which a call to a grain may still have reached the dying silo, on a fake clock: a call
/// sent inside it is abandoned (and sent again) when it ends; one sent before any death, or after the window, is not.
/// </summary>
public sealed class DepartureSettleTests
{
    [Fact]
    public void With_no_departure_a_call_races_nothing_more()
    {
        using var settle = new DepartureSettle(new FakeTimeProvider());

        Assert.Equal(CancellationToken.None, settle.ForCallSentNow());
    }

    [Fact]
    public void A_call_sent_inside_the_window_is_abandoned_exactly_when_the_window_ends()
    {
        var time = new FakeTimeProvider();
        using var settle = new DepartureSettle(time);
        settle.Departed();
        time.Advance(TimeSpan.FromSeconds(1));

        var call = settle.ForCallSentNow();
        time.Advance(DepartureSettle.Window - TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        Assert.False(call.IsCancellationRequested);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.True(call.IsCancellationRequested);
    }

    [Fact]
    public void A_call_sent_after_the_window_races_nothing_more_and_a_later_death_opens_a_new_window()
    {
        var time = new FakeTimeProvider();
        using var settle = new DepartureSettle(time);
        settle.Departed();
        time.Advance(DepartureSettle.Window);

        Assert.Equal(CancellationToken.None, settle.ForCallSentNow());

        settle.Departed();
        var call = settle.ForCallSentNow();
        time.Advance(DepartureSettle.Window);
        Assert.True(call.IsCancellationRequested);
    }
}
