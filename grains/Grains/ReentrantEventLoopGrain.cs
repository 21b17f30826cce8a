using Concurrency.Abstractions;
using Concurrency.Grains.Tracing;
using Orleans.Concurrency;

namespace Concurrency.Grains;

/// <summary>
/// The event loop made <see cref="ReentrantAttribute">reentrant</see>: when a request awaits, the activation starts
/// the next one, so concurrent fetches interleave at their awaits like coroutines on asyncio's loop. Turns still run
/// one at a time, on one thread at a time, so a request that blocks stalls every other request to this grain.
/// </summary>
[LaneRole("event loop (reentrant)")]
[Reentrant]
[CollectionAgeLimit(GrainLifetime.IdleLimit)]
public sealed class ReentrantEventLoopGrain(IDownloadSource source) : EventLoopGrainBase(source), IReentrantEventLoopGrain;
