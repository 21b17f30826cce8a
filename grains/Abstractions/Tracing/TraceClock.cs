using System.Diagnostics;

namespace Concurrency.Abstractions.Tracing;

/// <summary>
/// Microseconds since the Unix epoch, read from the high-resolution <see cref="Stopwatch"/> and anchored to the wall
/// clock once per process. Events from the client and from silo processes on one machine then share one time axis.
/// </summary>
public static class TraceClock
{
    private static readonly long AnchorMicroseconds = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;
    private static readonly long AnchorTimestamp = Stopwatch.GetTimestamp();

    public static long NowMicroseconds() => ToMicroseconds(Stopwatch.GetTimestamp());

    public static long ToMicroseconds(long stopwatchTimestamp) =>
        AnchorMicroseconds + (long)((stopwatchTimestamp - AnchorTimestamp) * (1e6 / Stopwatch.Frequency));
}
