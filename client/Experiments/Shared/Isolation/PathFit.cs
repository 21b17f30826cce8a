namespace Concurrency.Client.Experiments.Isolation;

/// <summary>
/// The cost of one message as a fixed part plus bytes over bandwidth, fitted through two measured sizes. A path that
/// passes by reference has no per-byte cost: a fitted slope at or below zero is taken as zero (infinite bandwidth).
/// </summary>
public sealed record PathFit(PayloadPath Path, long SmallBytes, double SmallMs, long LargeBytes, double LargeMs)
{
    /// <summary>Milliseconds per byte: the slope through the two sizes, never below zero.</summary>
    public double MsPerByte => Math.Max(0, (LargeMs - SmallMs) / (LargeBytes - SmallBytes));

    /// <summary>Milliseconds every message pays whatever its size: the line through both sizes at zero bytes, at least zero.</summary>
    public double FixedMs => Math.Max(0, SmallMs - (MsPerByte * SmallBytes));

    /// <summary>The bandwidth in MB (10^6 bytes) a second; null for a path with no per-byte cost.</summary>
    public double? MegabytesPerSecond => MsPerByte > 0 ? 1e-3 / MsPerByte : null;

    /// <summary>The line through two timed sizes, each at its figure (the p10 of its calls, from every round: <see cref="SizeTiming.Ms"/>).</summary>
    public static PathFit Through(PayloadPath path, SizeTiming small, SizeTiming large) => new(path, small.Bytes, small.Ms, large.Bytes, large.Ms);

    public double PredictMs(long bytes) => FixedMs + (MsPerByte * bytes);

    public override string ToString() =>
        $"{Judgement.F(FixedMs * 1e3)} µs + bytes / {(MegabytesPerSecond is { } mb ? $"{Judgement.F(mb)} MB/s" : "infinity (by reference)")}";
}
