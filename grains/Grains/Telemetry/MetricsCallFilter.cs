namespace Concurrency.Grains.Telemetry;

/// <summary>
/// Counts turns and awaits for <see cref="LabMeter"/>, around every incoming grain call, on the target activation's
/// scheduler. Exactly what it counts:
/// <list type="bullet">
/// <item><c>lab.grain.turns</c>: +1 per incoming call, its first turn. <c>context.Invoke()</c> runs the grain method
/// synchronously up to its first await that does not complete at once; that stretch is the call's first turn. Turns
/// that resume the call after an await are not counted: seeing them would take a hook in the activation's scheduler.</item>
/// <item><c>lab.grain.awaits</c>: +1 per call whose <c>Invoke()</c> returned an incomplete task, i.e. whose first turn
/// ended at an await and gave the thread back (a reentrant activation may run other calls meanwhile). A call that
/// awaits several times counts once; a blocking sleep never awaits, so it counts a turn and no await.</item>
/// </list>
/// Every count is per grain class. The cost per call is a dictionary lookup by the grain's class and an interlocked
/// add (two for a call that awaits); the meter reads the totals when it is collected. The filter is registered only
/// on a silo that records metrics.
/// </summary>
public sealed class MetricsCallFilter(LabMeter meter) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var calls = meter.CallsOf(context.Grain.GetType());
        calls.Turn();
        var call = context.Invoke();
        if (!call.IsCompleted)
        {
            calls.Await();
        }

        return call;
    }
}
