using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>One native strategy's figures: the pings' latency percentiles while the kernels ran, and the kernels themselves.</summary>
public sealed record NativeFigures(double P50Ms, double P99Ms, double MaxMs, int Pings, int Kernels, bool SameAsLocalRun, double MeanKernelSeconds) : StrategyFigures;
