using Concurrency.Abstractions;

namespace Concurrency.Client.Experiments.Isolation;

/// <summary>One payload size along one path: the spread of its timed calls (from every round), its median as the figure, and what the receiver got.</summary>
public sealed record SizeTiming(long Bytes, Spread Calls, bool SameArray, int ReceiverProcessId)
{
    public double Ms => Calls.MedianMs;

    public bool OtherProcess => ReceiverProcessId != Environment.ProcessId;
}
