namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// Tests that start a silo and many busy client processes, or time how fast one stops: run one at a time, so on a
/// small machine they measure the lab rather than each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HeavyProcessesCollection
{
    public const string Name = "heavy processes";
}
