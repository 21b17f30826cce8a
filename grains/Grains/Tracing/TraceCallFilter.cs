using Concurrency.Abstractions;
using Concurrency.Abstractions.Lab;
using Concurrency.Abstractions.Logging;
using Concurrency.Abstractions.Tracing;
using Concurrency.Grains.Lab;

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
/// The experiments' calls are recorded for the lab page too, traced run or not: all of them while a page watches, and
/// a few each half second while none does (<see cref="LabLive.Admit"/>), so a page opened mid-run draws them. Once a
/// half second's few are taken, or with the feed switched off (<c>--no-lab</c>), that costs two reads of fields.
/// </summary>
public sealed class TraceCallFilter(SiloTraceBuffer buffer, LabLive live, IEnumerable<ITurnListener> listeners) : IIncomingGrainCallFilter
{
    private readonly ITurnListener[] _listeners = [.. listeners];

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (RequestContext.Get(LabTrace.TraceIdKey) is not string traceId)
        {
            // Not a traced run: recorded only for the lab page, and then only the lab's own grains.
            return live.MayRecord && IsLabWork(context) && live.Admit() ? InvokeTracedAsync(context, null, forPage: true) : context.Invoke();
        }

        if (context.Grain is ITraceBufferGrain or ILabGrain or IFrameworkLogGrain)
        {
            return context.Invoke();
        }

        var limit = RequestContext.Get(LabTrace.LimitKey) is int l ? l : LabTrace.DefaultLimit;
        return InvokeTracedAsync(context, buffer.LogFor(traceId, limit), forPage: live.MayRecord && IsLabWork(context) && live.Admit());
    }

    /// <summary>
    /// The experiments' grains: not the dashboard's, Orleans' own, the lab feed that reads the calls, the warning count,
    /// or the membership views and descriptions a strategy's roster asks a silo dispatcher for while it watches the
    /// cluster (the lab's machinery: the dispatcher's chunks and batches are the work).
    /// </summary>
    private static bool IsLabWork(IIncomingGrainCallContext context) =>
        context.Grain.GetType().Assembly == typeof(TraceCallFilter).Assembly
        && context.Grain is not (ITraceBufferGrain or ILabGrain or IFrameworkLogGrain)
        && !(context.Grain is ISiloDispatcherGrain && context.InterfaceMethod?.Name is nameof(ISiloDispatcherGrain.Membership) or nameof(ISiloDispatcherGrain.Describe) or nameof(ISiloDispatcherGrain.ActiveSilos));

    private async Task InvokeTracedAsync(IIncomingGrainCallContext context, TraceLog? log, bool forPage)
    {
        var lanes = buffer.LanesOf(context.TargetContext);
        var lane = lanes.Take();
        var turns = CallTurns.Enter(TaskScheduler.Current);
        var start = TraceClock.NowMicroseconds();
        var call = new GrainCallRecord(
            context.Grain.GetType().Name,
            context.TargetId.Key.ToString() ?? "",
            context.TargetContext.ActivationId.ToString(),
            context.InterfaceMethod?.Name ?? context.Request.GetMethodName(),
            lane,
            start,
            start,
            Faulted: true,
            [],
            Role: LaneRoleAttribute.Of(context.Grain.GetType()));
        if (forPage)
        {
            live.Started(turns, call);
        }

        var faulted = true;
        try
        {
            // When the grain's method is done, what remains (this filter's end, then the response) is queued for the
            // activation: on a reentrant grain whose turn is taken by another call, the queue shows.
            await CallTurns.ReadyWhenDone(context.Invoke());
            faulted = false;
        }
        finally
        {
            // The call ends here, in the turn that runs this filter's end; what follows is the filter's own bookkeeping,
            // which must not stretch the call past its last turn and be drawn as an await (a call can only await between turns).
            var end = TraceClock.NowMicroseconds();
            var (recorded, omitted, omittedMicroseconds) = turns.Exit();
            lanes.Release(lane);
            call = call with
            {
                EndMicroseconds = end,
                Faulted = faulted,
                Turns = recorded,
                OmittedTurns = omitted,
                OmittedTurnMicroseconds = omittedMicroseconds,
            };
            log?.Add(call);
            if (forPage)
            {
                live.Ended(turns, call);
            }

            foreach (var listener in _listeners)
            {
                listener.OnCallEnded(call);
            }
        }
    }
}
