namespace Concurrency.Abstractions;

/// <summary>
/// What a map over many items produced, small enough to send back whatever the item count: how many results, their
/// sum in item order, the first and last result, and a hash of every (item, result bits) pair. Two runs that agree
/// on the digest computed the same value for every item, bit for bit.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.work-digest")]
public sealed record WorkDigest(long Count, double Sum, ulong Hash, double First, double Last)
{
    public static WorkDigest Empty { get; } = new(0, 0, 0, double.NaN, double.NaN);

    /// <summary>This digest followed by <paramref name="next"/>, whose items come after this one's.</summary>
    public WorkDigest Then(WorkDigest next) => Count == 0 ? next : next.Count == 0 ? this :
        new(Count + next.Count, Sum + next.Sum, unchecked(Hash + next.Hash), First, next.Last);

    /// <summary>The hash of one result: a SplitMix64 finaliser of the item and the result's bits. Summed, so any split adds up the same.</summary>
    public static ulong HashOf(long item, double result)
    {
        unchecked
        {
            var z = (ulong)item * 0x9E3779B97F4A7C15UL ^ (ulong)BitConverter.DoubleToInt64Bits(result);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
