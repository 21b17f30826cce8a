using Concurrency.Client.Experiments.Isolation;

namespace Concurrency.Client.Experiments;

/// <summary>One size of one path: its figure (the p10 round trip, <see cref="SizeTiming.Ms"/>) and the calls' spread, what its segment's line predicts (null where that segment has no line), and whether the line was fitted through it.</summary>
public sealed record SizePoint(long Bytes, double Ms, Spread Calls, double? ModelMs, bool Fitted);
