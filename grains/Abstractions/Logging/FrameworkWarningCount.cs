namespace Concurrency.Abstractions.Logging;

/// <summary>
/// How many warnings of one kind the framework logged: the logger's <see cref="Category"/> and <see cref="EventId"/>
/// are the key (Orleans gives each of its messages an id), <see cref="Kind"/> and <see cref="Name"/> what the lab
/// calls them.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.framework-warning-count")]
public sealed record FrameworkWarningCount(
    [property: Id(0)] FrameworkWarningKind Kind,
    [property: Id(1)] string Category,
    [property: Id(2)] int EventId,
    [property: Id(3)] long Count)
{
    /// <summary>A few words for the kind: "long turn", "thread-pool stall", or "other" and the category.</summary>
    public string Name => Kind switch
    {
        FrameworkWarningKind.LongTurn => "long turn",
        FrameworkWarningKind.ThreadPoolStall => "thread-pool stall",
        FrameworkWarningKind.HealthDegraded => "silo health degraded",
        _ => $"other {Category}",
    };
}
