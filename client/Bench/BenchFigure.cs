namespace Concurrency.Client.Bench;

/// <summary>Which way a target points: a time or a size must stay under it, a rate must reach it.</summary>
public enum TargetDirection
{
    AtMost,
    AtLeast,
}

/// <summary>One measured figure beside its target; a figure shown only for comparison has no target and no verdict.</summary>
public sealed record BenchFigure(
    string Name,
    double Value,
    string Unit,
    double? Target,
    TargetDirection Direction,
    string Method,
    BenchDetails? Details = null)
{
    public bool? Met => Target is not { } target ? null : Direction == TargetDirection.AtMost ? Value <= target : Value >= target;
}
