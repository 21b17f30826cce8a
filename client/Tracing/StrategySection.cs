namespace Concurrency.Client.Tracing;

/// <summary>One strategy's span on the client's clock, labelled "experiment/strategy" as its progress task is.</summary>
public sealed record StrategySection(string Label, long StartMicroseconds, long EndMicroseconds, long Total, long Done)
{
    public string Experiment => Label.Split('/', 2)[0];

    public string Strategy => Label.Split('/', 2) is [_, var strategy] ? strategy : Label;
}
