namespace Concurrency.Client.Experiments.Isolation;

/// <summary>The stretches of payload sizes over which a copy's cost a byte stays the same (see <see cref="CopySegments"/>).</summary>
public enum CopySegment
{
    /// <summary>Under 85,000 bytes: the youngest generation, memory just used, in the caches.</summary>
    SmallObjects,

    /// <summary>The large-object heap, with the payload and its copy together in the core's cache.</summary>
    LargeObjects,

    /// <summary>The large-object heap, the payload and its copy together larger than the core's cache.</summary>
    PastCoreCache,
}

/// <summary>
/// Where on this machine a copy's cost a byte changes. .NET allocates an array of <see cref="LargeObjectBytes"/> or
/// more on the large-object heap: memory the runtime zeroes, collected only with the oldest generation, where a
/// smaller array is a bump of the youngest generation's pointer into memory just used. And a copy reads its source
/// and writes its destination: while both fit in the core's own cache (<see cref="InCacheUpTo"/>, half of it) the
/// bytes move at the cache's speed, past it at the speed of the shared cache or memory, several times slower a byte.
/// So a path's cost is a line per segment, each fitted and judged on its own sizes. Where the core's cache is not
/// known, the large-object heap is one segment.
/// </summary>
public sealed record CopySegments(long? CoreCacheBytes)
{
    /// <summary>The runtime's large-object threshold (the GCLOHThreshold default), in bytes.</summary>
    public const long LargeObjectBytes = 85_000;

    /// <summary>This machine's segments: its cores' level-2 cache, read once.</summary>
    public static CopySegments ThisMachine { get; } = new(CoreCache.Level2Bytes());

    /// <summary>The largest payload that fits in the core's cache with its copy: half the cache; null where it is not known.</summary>
    public long? InCacheUpTo => CoreCacheBytes / 2;

    public static bool OnLargeObjectHeap(long bytes) => bytes >= LargeObjectBytes;

    public CopySegment Of(long bytes) =>
        !OnLargeObjectHeap(bytes) ? CopySegment.SmallObjects : InCacheUpTo is { } inCache && bytes > inCache ? CopySegment.PastCoreCache : CopySegment.LargeObjects;

    /// <summary>The sizes a segment covers, in words, as the terminal and the report name it.</summary>
    public string Describe(CopySegment segment) => segment switch
    {
        CopySegment.SmallObjects => $"under {LargeObjectBytes:N0} bytes",
        CopySegment.LargeObjects when InCacheUpTo is { } inCache => $"{LargeObjectBytes:N0} to {inCache:N0} bytes",
        CopySegment.LargeObjects => $"from {LargeObjectBytes:N0} bytes",
        _ => $"over {InCacheUpTo:N0} bytes",
    };

    /// <summary>The payload sizes of a sweep from 1 KiB: twice as large each step, so that each segment has sizes between its two ends.</summary>
    public static IReadOnlyList<long> Ladder(long largest)
    {
        var sizes = new List<long>();
        for (long size = Smallest; size <= largest; size *= 2)
        {
            sizes.Add(size);
        }

        return sizes;
    }

    public const long Smallest = 1024;

    /// <summary>The largest size a sweep may reach (see <see cref="CommunicationExperiment.MaxLargest"/>).</summary>
    public const long LadderTop = 16 << 20;

    /// <summary>The smallest and largest size of <paramref name="bytes"/>' segment on the ladder up to <see cref="LadderTop"/>; null where it has under two.</summary>
    public (long Low, long High)? EndsOn(long bytes)
    {
        var segment = Of(bytes);
        var sizes = Ladder(LadderTop).Where(size => Of(size) == segment).ToList();
        return sizes.Count >= 2 ? (sizes[0], sizes[^1]) : null;
    }
}
