namespace Concurrency.Grains.Telemetry;

/// <summary>
/// One grain class's turn and await counts. The call filter adds to these (on the slot of its core, see
/// <see cref="StripedCount"/>); the meter reads them only when it is collected. That is cheaper on the call path than a
/// counter add, which looks up its tag set on every call, and than one interlocked counter, which every core shares.
/// </summary>
public sealed class GrainCalls(Type grainClass)
{
    private readonly StripedCount _turns = new();
    private readonly StripedCount _awaits = new();

    public KeyValuePair<string, object?> Tag { get; } = LabMeter.GrainTag(grainClass);

    public long Turns => _turns.Total;

    public long Awaits => _awaits.Total;

    public void Turn() => _turns.Add();

    public void Await() => _awaits.Add();
}
