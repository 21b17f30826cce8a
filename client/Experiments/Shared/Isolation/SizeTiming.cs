using Concurrency.Abstractions;

namespace Concurrency.Client.Experiments.Isolation;

/// <summary>One payload size along one path: the spread of its timed calls (from every round), its 10th percentile as the figure, and what the receiver got.</summary>
public sealed record SizeTiming(long Bytes, Spread Calls, bool SameArray, int ReceiverProcessId)
{
    /// <summary>
    /// The size's figure, the one its line is fitted on and judged by: the 10th percentile of its calls, the path's
    /// own cost. What makes the other calls slower comes and goes with the machine's state, not with the bytes: a
    /// copy of a large array meets, in some calls and some runs and not others, a collection or fresh pages the OS
    /// must fault in and zero (a 16 MiB copy here: p10 4.3 ms, p90 12 ms, and a median of 4.5 ms in one run and 8.5
    /// in the next), and a call to a silo process waits, in some calls, for a core to wake its thread (p10 0.07 to 0.08 ms,
    /// p90 2 to 5 ms at 1 KiB). A median then says which way a run happened to fall. Python's own timeit says the same of
    /// its repeats: the lowest is the figure, the higher ones "are typically not caused by variability in Python's
    /// speed, but by other processes interfering with your timing accuracy". The median and p90 stay in the spread.
    /// </summary>
    public double Ms => Calls.LowMs;

    public bool OtherProcess => ReceiverProcessId != Environment.ProcessId;
}
