using BenchmarkDotNet.Attributes;
using Concurrency.Abstractions;

namespace Concurrency.Benchmarks;

/// <summary>The number-cruncher kernel on one thread: the article's scalar loop against the Vector&lt;double&gt; one.</summary>
public class KernelBenchmarks
{
    private const long Terms = 10_000_000;

    [Benchmark(Baseline = true, OperationsPerInvoke = (int)Terms)]
    public double Scalar() => LeibnizKernel.Scalar(0, Terms);

    [Benchmark(OperationsPerInvoke = (int)Terms)]
    public double Simd() => LeibnizKernel.Simd(0, Terms);
}
