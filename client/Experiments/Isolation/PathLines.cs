namespace Concurrency.Client.Experiments.Isolation;

/// <summary>
/// A path's cost as two lines, a fixed cost plus bytes over bandwidth each, one per heap the receiver's bytes land
/// on. .NET allocates an array of <see cref="LargeObjectBytes"/> or more on the large-object heap: memory the
/// runtime zeroes, that is collected only with the oldest generation and is rarely in the caches, where a smaller
/// copy is a bump of the youngest generation's pointer into memory just used. On this machine a copy's cost a byte
/// changes several times over at that line, so one line across it predicts neither side: each heap gets its own,
/// fitted through its smallest and largest size, and must predict the sizes between.
/// </summary>
public sealed record PathLines(PathFit? SmallObjects, PathFit? LargeObjects)
{
    /// <summary>The runtime's large-object threshold (the GCLOHThreshold default), in bytes.</summary>
    public const long LargeObjectBytes = 85_000;

    public static bool OnLargeObjectHeap(long bytes) => bytes >= LargeObjectBytes;

    /// <summary>The line of the heap <paramref name="bytes"/> land on; null where the sweep had fewer than two sizes there.</summary>
    public PathFit? For(long bytes) => OnLargeObjectHeap(bytes) ? LargeObjects : SmallObjects;

    /// <summary>True for the two sizes a line was fitted through: they are not predictions.</summary>
    public bool Fitted(long bytes) => For(bytes) is { } line && (line.SmallBytes == bytes || line.LargeBytes == bytes);

    /// <summary>Each heap's line through its smallest and largest timed size.</summary>
    public static PathLines Fit(PayloadPath path, IReadOnlyList<SizeTiming> timings)
    {
        PathFit? Line(bool large)
        {
            var sizes = timings.Where(t => OnLargeObjectHeap(t.Bytes) == large).OrderBy(t => t.Bytes).ToList();
            return sizes.Count >= 2 ? PathFit.Through(path, sizes[0], sizes[^1]) : null;
        }

        return new PathLines(Line(large: false), Line(large: true));
    }

    public override string ToString() =>
        $"under {LargeObjectBytes:N0} bytes {SmallObjects?.ToString() ?? "no line (one size)"}; from {LargeObjectBytes:N0} {LargeObjects?.ToString() ?? "no line (under two sizes)"}";
}
