using Concurrency.Abstractions.Tracing;

namespace Concurrency.Grains.Tracing;

/// <summary>
/// The one place where grain calls are timed: an incoming grain call filter, which Orleans runs around every call on
/// the target activation's own scheduler. No grain carries timing code.
///
/// Off (no trace id in the <see cref="RequestContext"/>), it costs one lookup in the call's request context and passes
/// the call on. On, it times the call from start to end and hands it to <see cref="CallTurns"/>, which records every
/// stretch in which the call holds a thread: its first part, and each continuation after an await, whenever and
/// wherever it runs. A crunch that first yields is a tiny turn and then one long one; a download a short turn and a
/// long wait; a blocking sleep never reaches an await, so it is one long turn.
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
        var start = TraceClock.NowMicroseconds();
        var turns = CallTurns.Enter(TaskScheduler.Current);
        var faulted = true;
        try
        {
            await context.Invoke();
            faulted = false;
        }
        finally
        {
            var (recorded, omitted, omittedMicroseconds) = turns.Exit();
            var end = TraceClock.NowMicroseconds();
            lanes.Release(lane);
            log.Add(new GrainCallRecord(
                context.Grain.GetType().Name,
                context.TargetId.Key.ToString() ?? "",
                context.TargetContext.ActivationId.ToString(),
                context.InterfaceMethod?.Name ?? context.Request.GetMethodName(),
                lane,
                start,
                end,
                faulted,
                recorded,
                omitted,
                omittedMicroseconds));
        }
    }
}
