namespace Concurrency.Abstractions;

/// <summary>A caller that lives inside the silo: it pings another grain over and over, grain to grain.</summary>
public interface IPingCallerGrain : IGrainWithIntegerKey
{
    /// <summary>Calls <paramref name="target"/> <paramref name="count"/> times, one after another; returns how many completed.</summary>
    ValueTask<int> PingMany(IPingGrain target, int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="target"/> one ping after another for about <paramref name="duration"/>; returns how many
    /// completed. Bounded by time, not by a count, so that on a starved machine the call still returns long before the
    /// runtime's response timeout.
    /// </summary>
    ValueTask<long> PingFor(IPingGrain target, TimeSpan duration, CancellationToken cancellationToken = default);
}
