using Concurrency.Client.Experiments.Isolation;

namespace Concurrency.Client.Experiments;

/// <summary>One rung of the ladder: what it costs to start, and the task whose work makes that start 10% of it.</summary>
public sealed record LadderStep(string Step, Spread? Cost, long? BreakEvenTerms, string? NotMeasured);
