namespace Concurrency.Abstractions;

/// <summary>
/// A stateless worker that counts on its own: each activation has its own counter and shares nothing, so a caller
/// that wants a total adds up the counts the workers send back, as processes pass results instead of sharing memory.
/// </summary>
public interface IStatelessCounterGrain : IGrainWithIntegerKey
{
    /// <summary>Increments a counter of this call's own <paramref name="increments"/> times, with the same unsynchronized code; returns it.</summary>
    ValueTask<long> CountAlone(int increments, CancellationToken cancellationToken = default);
}
