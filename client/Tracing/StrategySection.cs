using Concurrency.Client.Output;

namespace Concurrency.Client.Tracing;

/// <summary>One strategy's span on the client's clock, labelled as its progress task is.</summary>
public sealed record StrategySection(ProgressLabel Label, long StartMicroseconds, long EndMicroseconds, long Total, long Done)
{
    public string Experiment => Label.Experiment;

    public string Strategy => Label.Strategy ?? Label.Experiment;
}
