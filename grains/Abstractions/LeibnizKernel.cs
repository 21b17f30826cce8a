using System.Numerics;
using System.Runtime.CompilerServices;

namespace Concurrency.Abstractions;

/// <summary>
/// The article's CPU kernel, <c>4 * sum((-1)^i / (2i+1))</c>, as partial sums over term ranges so a job can be split
/// into chunks, crunched anywhere, and added back up. It lives beside the grain contracts because the client runs it
/// too (to calibrate one job, and as the inline strategy), and both sides must compute exactly the same thing.
/// </summary>
public static class LeibnizKernel
{
    /// <summary>How many vectors a lane block adds before folding into the running total; short blocks keep rounding small.</summary>
    private const int Block = 1024;

    /// <summary>The partial sum <c>sum((-1)^i / (2i+1))</c> over the range, with the range's kernel. Multiply by 4 for pi.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Sum(TermRange range) => range.Kernel == PiKernel.Simd ? Simd(range.Start, range.End) : Scalar(range.Start, range.End);

    /// <summary>The article's loop, one term at a time: the reference every faster kernel is checked against.</summary>
    /// <remarks>Optimised from the first call: the client times one run of it, and a tier-0 loop would skew that figure.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Scalar(long start, long end)
    {
        var sum = 0.0;
        var sign = (start & 1) == 0 ? 1.0 : -1.0;
        var denominator = 2.0 * start + 1.0;
        for (var i = start; i < end; i++)
        {
            sum += sign / denominator;
            sign = -sign;
            denominator += 2.0;
        }

        return sum;
    }

    /// <summary>
    /// The same series, <see cref="Vector{T}.Count"/> terms per division instruction. Lanes depend only on the range,
    /// never on memory, so the same range always gives the same bits, whichever machine's activation computes it.
    /// Denominators stay exact integers in a double up to 2^53, far beyond any term count the lab accepts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Simd(long start, long end)
    {
        var width = Vector<double>.Count;
        var vectors = (end - start) / width;
        Span<double> denominators = stackalloc double[width];
        Span<double> signs = stackalloc double[width];
        for (var lane = 0; lane < width; lane++)
        {
            denominators[lane] = 2.0 * (start + lane) + 1.0;
            signs[lane] = ((start + lane) & 1) == 0 ? 1.0 : -1.0;
        }

        var denominator = new Vector<double>(denominators);
        var sign = new Vector<double>(signs);
        var step = new Vector<double>(2.0 * width);
        var total = Vector<double>.Zero;
        for (long done = 0; done < vectors;)
        {
            var count = (int)Math.Min(Block, vectors - done);
            var block = Vector<double>.Zero;
            for (var k = 0; k < count; k++)
            {
                block += sign / denominator;
                denominator += step;
            }

            total += block;
            done += count;
        }

        var sum = 0.0;
        for (var lane = 0; lane < width; lane++)
        {
            sum += total[lane];
        }

        return sum + Scalar(start + vectors * width, end);
    }
}
