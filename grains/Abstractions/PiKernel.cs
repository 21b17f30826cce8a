namespace Concurrency.Abstractions;

/// <summary>Which loop computes the Leibniz terms: the article's plain loop, or the same series four terms at a time.</summary>
[GenerateSerializer, Alias("concurrency.pi-kernel")]
public enum PiKernel
{
    /// <summary>One term at a time, as the article's Python loop: the reference.</summary>
    Scalar,

    /// <summary><see cref="System.Numerics.Vector{T}"/> lanes: several terms per instruction, the same sum to 1e-12.</summary>
    Simd,
}
