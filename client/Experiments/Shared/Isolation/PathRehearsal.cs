namespace Concurrency.Client.Experiments.Isolation;

/// <summary>
/// A path's warm-up calls before it is timed: the median of a few calls at each size. They are what a sweep of the
/// path is expected to take; the line a sweep is judged by is fitted on the sweep's own sizes, not on these.
/// </summary>
public sealed record PathRehearsal(PayloadPath Path, IReadOnlyList<long> Sizes, IReadOnlyList<double> MedianMs)
{
    public double MsAt(long bytes) => Sizes.ToList().IndexOf(bytes) is var i and >= 0 ? MedianMs[i] : throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "not a rehearsed size");
}
