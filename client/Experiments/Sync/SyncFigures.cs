using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// One sync strategy's figures: its fastest round over <see cref="Files"/> files, the bytes a round read (and whether
/// that was every byte of every file), and for a concurrent path the model's break-even count with the batches read
/// both ways at a quarter of it and at four times it.
/// </summary>
public sealed record SyncFigures(double BestRoundSeconds, int Files, long BytesPerRound, bool EveryByteRead, double? BreakEvenFiles = null, SidedRun? BelowBreakEven = null, SidedRun? AboveBreakEven = null) : StrategyFigures
{
    public double MicrosecondsPerFile => 1e6 * BestRoundSeconds / Files;
}
