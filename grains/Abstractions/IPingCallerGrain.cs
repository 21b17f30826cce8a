namespace Concurrency.Abstractions;

/// <summary>A caller that lives inside the silo: it pings another grain over and over, grain to grain.</summary>
public interface IPingCallerGrain : IGrainWithIntegerKey
{
    /// <summary>Calls <paramref name="target"/> <paramref name="count"/> times, one after another; returns how many completed.</summary>
    ValueTask<int> PingMany(IPingGrain target, int count, CancellationToken cancellationToken = default);
}
