using Concurrency.Abstractions;
using Concurrency.Grains.Tracing;

namespace Concurrency.Grains;

/// <summary>
/// B in the chain A -> B -> A: an ordinary grain that awaits its simulated I/O, then calls back into its caller
/// before answering, as a service that needs one more detail from the caller would. It never blocks; whether the
/// chain completes depends only on whether A is free to take the call back.
/// </summary>
[LaneRole("coloring backend")]
[CollectionAgeLimit(GrainLifetime.IdleLimit)]
public sealed class ColoringBackendGrain : Grain, IColoringBackendGrain
{
    public async ValueTask<long> Fetch(long callerKey, TimeSpan latency, CancellationToken cancellationToken)
    {
        await Task.Delay(latency, cancellationToken);
        return await GrainFactory.GetGrain<IColoringGrain>(callerKey).Lookup();
    }
}
