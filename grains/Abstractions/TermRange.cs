namespace Concurrency.Abstractions;

/// <summary>
/// The Leibniz terms <c>[Start, End)</c> of a pi job, the unit of CPU work a cruncher does in one turn.
/// Term counts are <see cref="long"/>: a job may be ten billion terms or more.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.term-range")]
public readonly record struct TermRange(long Start, long End, PiKernel Kernel = PiKernel.Scalar)
{
    public long Count => End - Start;
}
