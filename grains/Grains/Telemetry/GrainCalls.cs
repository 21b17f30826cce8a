namespace Concurrency.Grains.Telemetry;

/// <summary>
/// One grain class's turn and await counts. The call filter bumps these with an interlocked add; the meter reads them
/// only when it is collected. That is cheaper on the call path than a counter add, which looks up its tag set on every call.
/// </summary>
public sealed class GrainCalls(Type grainClass)
{
    private long _turns;
    private long _awaits;

    public KeyValuePair<string, object?> Tag { get; } = LabMeter.GrainTag(grainClass);

    public long Turns => Volatile.Read(ref _turns);

    public long Awaits => Volatile.Read(ref _awaits);

    public void Turn() => Interlocked.Increment(ref _turns);

    public void Await() => Interlocked.Increment(ref _awaits);
}
