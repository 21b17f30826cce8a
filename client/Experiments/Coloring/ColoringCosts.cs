using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>What the coloring experiment measures first: the pings' latency on an idle coloring grain, the floor.</summary>
public sealed record ColoringCosts(double IdleP50Ms, double IdleP99Ms) : MeasuredCosts;
