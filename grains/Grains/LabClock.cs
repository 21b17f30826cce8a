namespace Concurrency.Grains;

/// <summary>
/// The clock of the lab's simulated internet: the shared network timers and the sites' latencies, hangs and trickles
/// run on it. It is <see cref="TimeProvider.System"/> unless a test registers a fake one, which it then advances by hand.
///
/// Why a type of its own rather than the silo's <see cref="TimeProvider"/>: Orleans 10 resolves an unkeyed
/// <see cref="TimeProvider"/> from DI (<c>TryAddSingleton(TimeProvider.System)</c> in its default silo and client
/// services) and answers every keyed request for one (messaging, activation collection, system timers) with that
/// same instance. Replacing it would put the runtime's own timeouts, membership probes and grain collection on a
/// clock that only moves when a test says so. Wrapping the lab's clock keeps Orleans on real time.
/// </summary>
public sealed class LabClock(TimeProvider time)
{
    public static readonly LabClock System = new(TimeProvider.System);

    public TimeProvider Time { get; } = time;
}
