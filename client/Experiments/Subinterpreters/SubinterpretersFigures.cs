using Concurrency.Client.Experiments.Isolation;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// One way to get isolated workers: what starting one costs, the message of the chosen size with what the way's
/// line (fitted on the two other sizes, timed beside it) predicts for it, and what the worker received.
/// </summary>
public sealed record SubinterpretersFigures(string Way, Spread? Start, SizePoint? Message, PathFit? Line, bool Copied, bool OtherProcess) : StrategyFigures;
