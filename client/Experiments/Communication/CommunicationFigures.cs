using Concurrency.Client.Experiments.Isolation;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>One path's sweep: its lines, one per segment of sizes, fitted on its own sizes, every size's point, whether the receiver got the caller's own array, and in which process it ran.</summary>
public sealed record CommunicationFigures(string Path, PathLines? Lines, IReadOnlyList<SizePoint> Points, bool SameArray, bool OtherProcess) : StrategyFigures;
