namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// Tests that time the lab outside the shared test cluster: experiments on silos or processes of their own (spawn,
/// subinterpreters, communication, mixed), how fast a run stops, how much CPU a stopped run still burns. xunit runs
/// this collection alone, after the parallel ones, so they measure the lab rather than a neighbouring test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing processes";
}
