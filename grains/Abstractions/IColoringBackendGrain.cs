namespace Concurrency.Abstractions;

/// <summary>The middle of the coloring chain: waits its simulated I/O, calls back into the caller, then answers.</summary>
public interface IColoringBackendGrain : IGrainWithIntegerKey
{
    ValueTask<long> Fetch(long callerKey, TimeSpan latency, CancellationToken cancellationToken = default);
}
