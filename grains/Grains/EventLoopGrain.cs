using Concurrency.Abstractions;
using Concurrency.Grains.Tracing;

namespace Concurrency.Grains;

/// <summary>
/// An ordinary, non-reentrant event loop: Orleans runs one request at a time per activation, even while that
/// request awaits, so concurrent calls queue behind each other. Concurrency comes only from
/// <see cref="IEventLoopGrain.Gather"/>, which starts every fetch in one turn.
/// </summary>
[LaneRole("event loop")]
[CollectionAgeLimit(GrainLifetime.IdleLimit)]
public sealed class EventLoopGrain(IDownloadSource source) : EventLoopGrainBase(source);
