using System.Runtime.CompilerServices;

namespace Concurrency.Abstractions;

/// <summary>Tiny pi tasks: item i is the Leibniz partial sum over terms <c>[i·termsPerItem, (i+1)·termsPerItem)</c>.</summary>
public static class PiItems
{
    public static TermRange Item(long item, long termsPerItem) => new(item * termsPerItem, (item + 1) * termsPerItem);

    /// <summary>The items <c>first .. first + count - 1</c>, one partial sum each, in item order.</summary>
    /// <remarks>Optimised from the first call, so the inline strategy is not timed on tier-0 code.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] SumEach(long first, int count, long termsPerItem)
    {
        var results = new double[count];
        for (var i = 0; i < count; i++)
        {
            results[i] = LeibnizKernel.Sum(Item(first + i, termsPerItem));
        }

        return results;
    }
}
