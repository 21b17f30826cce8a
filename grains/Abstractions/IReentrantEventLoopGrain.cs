namespace Concurrency.Abstractions;

/// <summary>
/// The same event loop, reentrant: while one request awaits, the activation takes the next one, so concurrent
/// fetches interleave at their awaits as asyncio's coroutines do. Still one turn at a time, on one thread at a time:
/// a request that blocks instead of awaiting stalls all the others.
/// </summary>
public interface IReentrantEventLoopGrain : IEventLoopGrain;
