using Concurrency.Abstractions.Logging;

namespace Concurrency.Grains.Logging;

/// <summary>Which loggers are the framework's, and what the lab calls the warnings it knows.</summary>
public static class FrameworkWarningKinds
{
    public const string SchedulerCategory = "Orleans.Runtime.Scheduler.WorkItemGroup";

    public const string HealthMonitorCategory = "Orleans.Runtime.MembershipService.LocalSiloHealthMonitor";

    /// <summary>Orleans' ErrorCode.SchedulerTurnTooLong3: "Task ... took elapsed time ... which is longer than ...".</summary>
    public const int LongTurnEventId = 101215;

    /// <summary>".NET Thread Pool execution stalled for ...": the health monitor's own id for a stall it measured.</summary>
    public const int ThreadPoolStallEventId = 86528487;

    /// <summary>The lab's own loggers (its namespaces); every other category is the framework's.</summary>
    public static bool IsLab(string? category) => category?.StartsWith("Concurrency.", StringComparison.Ordinal) == true;

    public static FrameworkWarningKind Classify(string category, int eventId) => (category, eventId) switch
    {
        (SchedulerCategory, LongTurnEventId) => FrameworkWarningKind.LongTurn,
        (HealthMonitorCategory, ThreadPoolStallEventId) => FrameworkWarningKind.ThreadPoolStall,
        (HealthMonitorCategory, _) => FrameworkWarningKind.HealthDegraded,
        _ => FrameworkWarningKind.Other,
    };
}
