namespace Concurrency.Client.Experiments.Isolation;

/// <summary>One segment's line: the sizes it covers, in words, and its fit; null where the sweep had under two sizes there.</summary>
public sealed record SegmentLine(CopySegment Segment, string Sizes, PathFit? Line);

/// <summary>
/// A path's cost as a line per segment of sizes (<see cref="CopySegments"/>): a fixed cost plus bytes over bandwidth
/// each, fitted through the segment's smallest and largest timed size, and judged on the sizes between. One line
/// across the large-object threshold missed the small sizes by 2.6x, and one line across the core's cache missed
/// in-silo copies inside it by more than 2x in two of six quiet runs: on the 2-core machine the README measures, a
/// copy inside the silo ran at 6.9 GB/s under the threshold, 5.2 on the large-object heap inside the cache and 4.3
/// past it (p10s), and the fixed part changes with them.
/// </summary>
public sealed record PathLines(CopySegments Boundaries, IReadOnlyList<SegmentLine> Lines)
{
    /// <summary>The line of the segment <paramref name="bytes"/> fall in; null where the sweep had under two sizes there.</summary>
    public PathFit? For(long bytes) => Lines.FirstOrDefault(l => l.Segment == Boundaries.Of(bytes))?.Line;

    /// <summary>True for the two sizes a line was fitted through: they are not predictions.</summary>
    public bool Fitted(long bytes) => For(bytes) is { } line && (line.SmallBytes == bytes || line.LargeBytes == bytes);

    /// <summary>Each segment's line through its smallest and largest timed size, for every segment the sweep reached.</summary>
    public static PathLines Fit(PayloadPath path, IReadOnlyList<SizeTiming> timings, CopySegments boundaries)
    {
        ArgumentNullException.ThrowIfNull(timings);
        ArgumentNullException.ThrowIfNull(boundaries);
        var lines = timings.GroupBy(t => boundaries.Of(t.Bytes)).OrderBy(g => g.Key).Select(g =>
        {
            var sizes = g.OrderBy(t => t.Bytes).ToList();
            return new SegmentLine(g.Key, boundaries.Describe(g.Key), sizes.Count >= 2 ? PathFit.Through(path, sizes[0], sizes[^1]) : null);
        });
        return new PathLines(boundaries, [.. lines]);
    }

    public override string ToString() => string.Join("; ", Lines.Select(l => $"{l.Sizes} {l.Line?.ToString() ?? "no line (one size)"}"));
}
