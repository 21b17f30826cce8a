namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// Process tests that time the lab (how fast a run stops, how much CPU a stopped run still burns): xunit runs this
/// collection alone, after the parallel ones, so they measure the lab rather than a neighbouring test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing processes";
}
