namespace Concurrency.Abstractions.Tracing;

/// <summary>
/// The <see cref="RequestContext"/> entries that switch tracing on. The client sets them around a traced run; Orleans
/// carries them in every message header from that call on, into grain-to-grain calls too, so a silo records exactly
/// the calls that belong to a traced run and nothing else.
/// </summary>
public static class LabTrace
{
    /// <summary>The run's trace id: the silos buffer what they record under it until the client drains it.</summary>
    public const string TraceIdKey = "lab.trace";

    /// <summary>
    /// The most grain calls one silo keeps for the trace: a ring, so past it the oldest are dropped and counted. A
    /// call is about four trace events (the call, its turns and the awaits between them), so the default keeps a few
    /// hundred thousand events a silo, which ui.perfetto.dev and chrome://tracing load.
    /// </summary>
    public const string LimitKey = "lab.trace.limit";

    public const int DefaultLimit = 50_000;
}
