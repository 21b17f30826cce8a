namespace Concurrency.Grains.Lab;

/// <summary>
/// How many calls the lab may still start recording with no page open, until the next renewal. Taking is lock-free;
/// once the budget is spent, <see cref="MayTake"/> is one read of a field, so the calls that follow pay nothing more.
/// A renewal that finds the budget spent remembers when, so a page can be told that what it got is a sample.
/// </summary>
public sealed class RecordingBudget(int perRenewal)
{
    private readonly int _perRenewal = perRenewal;
    private int _left = perRenewal;
    private long _spentAt = long.MinValue;

    public bool MayTake => Volatile.Read(ref _left) > 0;

    public bool TryTake() => Volatile.Read(ref _left) > 0 && Interlocked.Decrement(ref _left) >= 0;

    /// <summary>Gives back the whole budget; <paramref name="nowMicroseconds"/> is remembered if the last one was spent.</summary>
    public void Renew(long nowMicroseconds)
    {
        if (Interlocked.Exchange(ref _left, _perRenewal) <= 0)
        {
            Volatile.Write(ref _spentAt, nowMicroseconds);
        }
    }

    /// <summary>Whether a budget was spent before a renewal at or after <paramref name="fromMicroseconds"/>: calls were then left unrecorded.</summary>
    public bool SpentSince(long fromMicroseconds) => Volatile.Read(ref _spentAt) >= fromMicroseconds;
}
