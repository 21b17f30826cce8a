namespace Concurrency.Abstractions.Logging;

/// <summary>
/// Warnings the framework (Orleans, ASP.NET Core: every logger but the lab's own) logged, counted per kind. A silo
/// counts them from its start; the client subtracts what each silo had counted before an experiment from what it
/// counts after, and adds the silos up, so each experiment's result carries the warnings logged while it ran.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.framework-warnings")]
public sealed record FrameworkWarnings([property: Id(0)] IReadOnlyList<FrameworkWarningCount> Counts)
{
    public static FrameworkWarnings None { get; } = new([]);

    public long Total => Counts.Sum(c => c.Count);

    /// <summary>How many warnings of <paramref name="kind"/>, whatever their category and id.</summary>
    public long Of(FrameworkWarningKind kind) => Counts.Where(c => c.Kind == kind).Sum(c => c.Count);

    /// <summary>The warnings logged since <paramref name="earlier"/>, a reading of the same counters.</summary>
    public FrameworkWarnings Since(FrameworkWarnings earlier) => Combine(earlier, -1);

    public FrameworkWarnings Plus(FrameworkWarnings other) => Combine(other, +1);

    /// <summary>The counts in words, the most frequent first: "long turn: 64, thread-pool stall: 2".</summary>
    public string Describe(FrameworkWarningKind? except = null) =>
        string.Join(", ", Counts.Where(c => c.Kind != except).Select(c => $"{c.Name}: {c.Count:N0}"));

    /// <summary>The counts summed per category and id, the zero ones left out, the most frequent first.</summary>
    public static FrameworkWarnings Of(IEnumerable<FrameworkWarningCount> counts) => new([.. counts
        .GroupBy(c => (c.Kind, c.Category, c.EventId))
        .Select(g => new FrameworkWarningCount(g.Key.Kind, g.Key.Category, g.Key.EventId, g.Sum(c => c.Count)))
        .Where(c => c.Count > 0)
        .OrderByDescending(c => c.Count)
        .ThenBy(c => c.Category, StringComparer.Ordinal)
        .ThenBy(c => c.EventId)]);

    private FrameworkWarnings Combine(FrameworkWarnings other, int sign) =>
        Of(Counts.Concat(other.Counts.Select(c => c with { Count = sign * c.Count })));
}
