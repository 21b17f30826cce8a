using Concurrency.Abstractions;
using Concurrency.Grains.Tracing;

namespace Concurrency.Grains;

/// <summary>Does nothing, so that timing its calls measures the runtime's per-call overhead and nothing else.</summary>
[LaneRole("ping target")]
[CollectionAgeLimit(GrainLifetime.IdleLimit)]
public sealed class PingGrain : Grain, IPingGrain
{
    public ValueTask Ping() => ValueTask.CompletedTask;
}
