using Concurrency.Client.Connection;
using Microsoft.Extensions.Time.Testing;

namespace Concurrency.Tests;

/// <summary>The cluster counts as lost only when no gateway is connected for the whole grace, on a clock the test moves.</summary>
public sealed class ConnectionWatchTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void No_gateway_for_the_whole_grace_is_a_loss()
    {
        using var watch = new ConnectionWatch(_time);
        watch.NotifyClusterConnectionLost();

        _time.Advance(ConnectionWatch.Grace - TimeSpan.FromMilliseconds(1));
        Assert.False(watch.Lost.IsCancellationRequested);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(watch.Lost.IsCancellationRequested);
    }

    [Fact]
    public void A_gateway_back_within_the_grace_forgets_the_loss()
    {
        using var watch = new ConnectionWatch(_time);
        watch.NotifyClusterConnectionLost();
        _time.Advance(ConnectionWatch.Grace / 2);
        watch.NotifyGatewayCountChanged(1, 0, connectionRecovered: true);

        _time.Advance(ConnectionWatch.Grace * 10);
        Assert.False(watch.Lost.IsCancellationRequested);
    }

    [Fact]
    public void A_second_loss_gets_a_grace_of_its_own_and_a_count_of_zero_is_no_recovery()
    {
        using var watch = new ConnectionWatch(_time);
        watch.NotifyClusterConnectionLost();
        _time.Advance(ConnectionWatch.Grace / 2);
        watch.NotifyGatewayCountChanged(1, 0, connectionRecovered: true);

        _time.Advance(ConnectionWatch.Grace);
        watch.NotifyClusterConnectionLost();
        watch.NotifyGatewayCountChanged(0, 1, connectionRecovered: false);
        _time.Advance(ConnectionWatch.Grace - TimeSpan.FromMilliseconds(1));
        Assert.False(watch.Lost.IsCancellationRequested);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(watch.Lost.IsCancellationRequested);
    }
}
