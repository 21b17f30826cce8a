namespace Concurrency.Client.Tracing;

/// <summary>A stretch of the run on the trace's clock: from the first kept call's start to the last one's end.</summary>
public readonly record struct TraceSpan(long StartMicroseconds, long EndMicroseconds)
{
    public double Seconds => Math.Max(0, EndMicroseconds - StartMicroseconds) / 1e6;
}
