using Concurrency.Abstractions.Tracing;

namespace Concurrency.Grains.Tracing;

/// <summary>
/// The one place where grain calls are timed: an incoming grain call filter, which Orleans runs around every call on
/// the target activation's own scheduler. No grain carries timing code.
///
/// Off (no trace id in the <see cref="RequestContext"/>), it costs one lookup in the call's request context and passes
/// the call on. On, it splits the call in two: <c>context.Invoke()</c> runs the grain method synchronously up to its
/// first await that does not complete at once, so the moment Invoke returns ends the call's first turn, the part that
/// held a thread. What follows until the call completes is awaiting: a gap in which the activation holds no thread
/// (a reentrant one may run other calls then). A blocking sleep never reaches an await, so it shows as one long turn.
/// </summary>
public sealed class TraceCallFilter(SiloTraceBuffer buffer) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (RequestContext.Get(LabTrace.TraceIdKey) is not string traceId || context.Grain is ITraceBufferGrain)
        {
            return context.Invoke();
        }

        var limit = RequestContext.Get(LabTrace.LimitKey) is int l ? l : LabTrace.DefaultLimit;
        return InvokeTracedAsync(context, buffer.LogFor(traceId, limit));
    }

    private async Task InvokeTracedAsync(IIncomingGrainCallContext context, TraceLog log)
    {
        var lanes = buffer.LanesOf(context.TargetContext);
        var lane = lanes.Take();
        var startThread = Environment.CurrentManagedThreadId;
        var start = TraceClock.NowMicroseconds();
        var firstTurnEnd = start;
        var faulted = true;
        try
        {
            var call = context.Invoke();
            firstTurnEnd = TraceClock.NowMicroseconds();
            await call;
            faulted = false;
        }
        finally
        {
            var end = TraceClock.NowMicroseconds();
            lanes.Release(lane);
            log.Add(new GrainCallRecord(
                context.Grain.GetType().Name,
                context.TargetId.Key.ToString() ?? "",
                context.TargetContext.ActivationId.ToString(),
                context.InterfaceMethod?.Name ?? context.Request.GetMethodName(),
                lane,
                start,
                firstTurnEnd,
                end,
                startThread,
                Environment.CurrentManagedThreadId,
                faulted));
        }
    }
}
