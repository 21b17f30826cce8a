using Concurrency.Abstractions.Logging;
using Concurrency.Grains.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Concurrency.Tests;

/// <summary>
/// The warning counter as the logging pipeline drives it, without a silo: loggers of Orleans' categories, another
/// framework's and the lab's own, at every level.
/// </summary>
public sealed class FrameworkWarningsTests
{
    [Fact]
    public void The_counter_counts_the_frameworks_warnings_per_kind_and_leaves_out_errors_and_the_labs_own()
    {
        var counter = new FrameworkWarningCounter();
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(counter).SetMinimumLevel(LogLevel.Information));
        var scheduler = logging.CreateLogger(FrameworkWarningKinds.SchedulerCategory);
        var health = logging.CreateLogger(FrameworkWarningKinds.HealthMonitorCategory);

        for (var i = 0; i < 3; i++)
        {
            Say(scheduler, LogLevel.Warning, FrameworkWarningKinds.LongTurnEventId);
        }

        Say(health, LogLevel.Warning, FrameworkWarningKinds.ThreadPoolStallEventId);
        Say(health, LogLevel.Warning, 1961930485);
        Say(logging.CreateLogger("Microsoft.AspNetCore.Server.Kestrel"), LogLevel.Warning, 7);
        Say(logging.CreateLogger("Concurrency.Grains.SomeGrain"), LogLevel.Warning, 1);

        // An error is printed, not counted; information is neither.
        Say(scheduler, LogLevel.Error, 1);
        Say(scheduler, LogLevel.Information, 2);

        var before = counter.Snapshot();
        Assert.Equal(6, before.Total);
        Assert.Equal(3, before.Of(FrameworkWarningKind.LongTurn));
        Assert.Equal(1, before.Of(FrameworkWarningKind.ThreadPoolStall));
        Assert.Equal(1, before.Of(FrameworkWarningKind.HealthDegraded));
        var other = Assert.Single(before.Counts, c => c.Kind == FrameworkWarningKind.Other);
        Assert.Equal(("Microsoft.AspNetCore.Server.Kestrel", 7, 1L, "other Microsoft.AspNetCore.Server.Kestrel"), (other.Category, other.EventId, other.Count, other.Name));
        Assert.Equal("long turn: 3, other Microsoft.AspNetCore.Server.Kestrel: 1, thread-pool stall: 1, silo health degraded: 1", before.Describe());
        Assert.Equal("other Microsoft.AspNetCore.Server.Kestrel: 1, thread-pool stall: 1, silo health degraded: 1", before.Describe(except: FrameworkWarningKind.LongTurn));

        // Read again later: what was logged in between, and nothing else.
        Say(scheduler, LogLevel.Warning, FrameworkWarningKinds.LongTurnEventId);
        var since = counter.Snapshot().Since(before);
        var longTurn = Assert.Single(since.Counts);
        Assert.Equal((FrameworkWarningKind.LongTurn, "long turn", 1L), (longTurn.Kind, longTurn.Name, longTurn.Count));
        Assert.Equal(4, since.Plus(new([new(FrameworkWarningKind.LongTurn, FrameworkWarningKinds.SchedulerCategory, FrameworkWarningKinds.LongTurnEventId, 3)])).Of(FrameworkWarningKind.LongTurn));
    }

    [Fact]
    public async Task A_wait_for_one_more_warning_of_a_kind_ends_at_that_warning_and_not_at_another_kind()
    {
        var counter = new FrameworkWarningCounter();
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(counter));
        var scheduler = logging.CreateLogger(FrameworkWarningKinds.SchedulerCategory);
        var time = new FakeTimeProvider();
        Say(scheduler, LogLevel.Warning, FrameworkWarningKinds.LongTurnEventId);

        var waiting = counter.BeyondAsync(FrameworkWarningKind.LongTurn, beyond: 1, TimeSpan.FromSeconds(5), time);
        Say(logging.CreateLogger(FrameworkWarningKinds.HealthMonitorCategory), LogLevel.Warning, FrameworkWarningKinds.ThreadPoolStallEventId);
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(waiting.IsCompleted);

        // Logged as Orleans logs a long turn: after the answer the caller read the count on.
        Say(scheduler, LogLevel.Warning, FrameworkWarningKinds.LongTurnEventId);
        var counts = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, counts.Of(FrameworkWarningKind.LongTurn));
    }

    [Fact]
    public async Task A_wait_for_a_warning_that_never_comes_ends_at_its_bound_with_the_counts_as_they_are()
    {
        var counter = new FrameworkWarningCounter();
        var time = new FakeTimeProvider();

        var waiting = counter.BeyondAsync(FrameworkWarningKind.LongTurn, beyond: 0, TimeSpan.FromSeconds(5), time);
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));

        var counts = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, counts.Total);
    }

    [Theory]
    [InlineData("Orleans.Runtime.Scheduler.WorkItemGroup", LogLevel.Warning, false)]
    [InlineData("Orleans.Runtime.MembershipService.LocalSiloHealthMonitor", LogLevel.Warning, false)]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning, false)]
    [InlineData("Orleans.Runtime.Scheduler.WorkItemGroup", LogLevel.Error, true)]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Critical, true)]
    [InlineData("Concurrency.Grains.DownloaderGrain", LogLevel.Warning, true)]
    [InlineData("Concurrency.Grains.DownloaderGrain", LogLevel.Information, false)]
    [InlineData("Orleans.Runtime.Silo", LogLevel.Information, false)]
    public void The_terminal_shows_every_error_and_the_labs_warnings_but_only_counts_the_frameworks(string category, LogLevel level, bool shown) =>
        Assert.Equal(shown, Hosting.TerminalLog.Shows(category, level));

    /// <summary>Logs as a framework's source-generated messages do: a level, an event id, a state the provider may format.</summary>
    private static void Say(ILogger logger, LogLevel level, int eventId) =>
        logger.Log(level, new EventId(eventId), "message", null, static (state, _) => state);
}
