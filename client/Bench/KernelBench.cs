using System.Diagnostics;
using Concurrency.Abstractions;

namespace Concurrency.Client.Bench;

/// <summary>
/// The number-cruncher kernel on one core: terms a second with <c>Vector&lt;double&gt;</c> against a plain scalar
/// loop of the same series, and how far apart their results are.
/// </summary>
public sealed class KernelBench : IBench
{
    public string Name => "kernel";

    public Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var terms = context.Quick ? 2_000_000L : 200_000_000L;

        // Warm both loops up so tiered compilation has produced the optimized code before the clock runs.
        LeibnizKernel.Scalar(0, 1_000_000);
        LeibnizKernel.Simd(0, 1_000_000);

        var (scalar, scalarSeconds) = Time(() => LeibnizKernel.Scalar(0, terms));
        cancellationToken.ThrowIfCancellationRequested();
        var (simd, simdSeconds) = Time(() => LeibnizKernel.Simd(0, terms));
        var relativeError = Math.Abs(simd - scalar) / Math.Abs(scalar);
        var details = new KernelDetails(terms, terms / scalarSeconds, terms / simdSeconds, System.Numerics.Vector<double>.Count);

        IReadOnlyList<BenchFigure> figures =
        [
            new BenchFigure("kernel-simd-speedup", scalarSeconds / simdSeconds, "x", 2.0, TargetDirection.AtLeast,
                $"{terms:N0} Leibniz terms on one thread: Vector<double> kernel against the scalar loop", details),
            new BenchFigure("kernel-simd-relative-error", relativeError, "", 1e-12, TargetDirection.AtMost,
                "|simd - scalar| / |scalar| over the same terms"),
        ];
        return Task.FromResult(figures);
    }

    private static (double Value, double Seconds) Time(Func<double> work)
    {
        var started = Stopwatch.GetTimestamp();
        var value = work();
        return (value, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
