namespace Concurrency.Client.Output;

/// <summary>
/// What a progress task counts: a strategy of an experiment, shown as <c>experiment/strategy</c>, or a command's own
/// work (<c>download</c>). The trace marks a strategy's section by it, and a terminal keeps one bar for each.
/// </summary>
public sealed record ProgressLabel(string Experiment, string? Strategy = null)
{
    public override string ToString() => Strategy is null ? Experiment : $"{Experiment}/{Strategy}";
}
