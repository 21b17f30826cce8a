using System.Runtime.CompilerServices;

namespace Concurrency.Abstractions;

/// <summary>
/// A function the lab can map over items, known by name on both sides of a grain call, as
/// <c>executor.map(work, items)</c> needs one function whichever executor runs it.
/// </summary>
public abstract class WorkFunction
{
    public abstract string Name { get; }

    /// <summary>What one item does, for people.</summary>
    public abstract string Description { get; }

    /// <summary>Items per batch: enough that one call carries a few milliseconds of work, not so many that a turn runs long.</summary>
    public abstract int BatchSize { get; }

    public abstract double Apply(long item);

    /// <summary>Applies the function to every item of the batch and folds the results into a digest.</summary>
    /// <remarks>Optimised from the first call, so whichever executor runs first is not timed on tier-0 code.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public WorkDigest Run(long first, int count, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (count == 0)
        {
            return WorkDigest.Empty;
        }

        var sum = 0.0;
        var hash = 0UL;
        var firstResult = 0.0;
        var result = 0.0;
        for (var i = 0; i < count; i++)
        {
            var item = first + i;
            result = Apply(item);
            firstResult = i == 0 ? result : firstResult;
            sum += result;
            hash = unchecked(hash + WorkDigest.HashOf(item, result));
        }

        return new WorkDigest(count, sum, hash, firstResult, result);
    }
}
