using Concurrency.Abstractions.Tracing;

namespace Concurrency.Grains.Tracing;

/// <summary>
/// A silo's trace buffer as a grain. Its key is a silo address and <see cref="SiloPinnedPlacement"/> activates it on
/// that silo, so each call reaches the buffer of the silo it names. (A stateless worker would not do: it is always
/// activated on the caller's silo, so a client could only ever reach its gateway's buffer.)
/// </summary>
[SiloPinnedPlacement]
public sealed class TraceBufferGrain(SiloTraceBuffer buffer, ILocalSiloDetails silo) : Grain, ITraceBufferGrain
{
    public ValueTask<SiloTrace> Drain(string traceId) => ValueTask.FromResult(buffer.Drain(traceId, silo.SiloAddress.ToParsableString()));
}
