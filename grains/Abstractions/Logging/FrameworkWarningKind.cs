namespace Concurrency.Abstractions.Logging;

/// <summary>The kinds of framework warning the lab knows by name; any other is <see cref="Other"/>, named by its logger category.</summary>
public enum FrameworkWarningKind
{
    /// <summary>
    /// Orleans' scheduler ran one work item of an activation past its turn warning threshold (1 s by default): a turn
    /// that held its thread, and its activation, that long. What blocking inside a grain does.
    /// </summary>
    LongTurn,

    /// <summary>The silo's health monitor saw a work item queued to the .NET thread pool start late: the pool was starved (or the process paused).</summary>
    ThreadPoolStall,

    /// <summary>The silo's health monitor rated the silo's own health degraded, listing why (a stall among them).</summary>
    HealthDegraded,

    Other,
}
