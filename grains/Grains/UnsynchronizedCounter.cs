namespace Concurrency.Grains;

/// <summary>
/// A counter incremented the naive way: read it, do a little work, write back what was read plus one. Two threads
/// that read the same value both write it plus one, and one increment is lost. Inside one activation's turns this
/// code is safe as it stands, because turns never overlap; on free threads it is a data race.
///
/// The spin between the read and the write widens the window on purpose, so the race shows on every run of two
/// cores: a bare <c>_value++</c> races too, but its window is a few instructions wide and a short run may lose
/// nothing. The spin exaggerates the race; it does not create it.
/// </summary>
internal sealed class UnsynchronizedCounter
{
    /// <summary>Spin iterations between the read and the write: the race window, widened.</summary>
    public const int WindowSpins = 20;

    private long _value;

    public long Value => Volatile.Read(ref _value);

    public void Add(int increments)
    {
        for (var i = 0; i < increments; i++)
        {
            var seen = Volatile.Read(ref _value);
            Thread.SpinWait(WindowSpins);
            Volatile.Write(ref _value, seen + 1);
        }
    }
}
