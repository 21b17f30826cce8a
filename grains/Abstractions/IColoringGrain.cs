namespace Concurrency.Abstractions;

/// <summary>
/// The front of a call chain A -> B -> A, handled three ways: async all the way (await B), sync over async (block on
/// B's task inside the turn), and the bridge (the same blocking code moved onto the thread pool and awaited, Python's
/// asyncio.to_thread). B calls back <see cref="Lookup"/> before it answers.
/// </summary>
public interface IColoringGrain : IGrainWithIntegerKey
{
    /// <summary>Answers at once: its latency is the wait for the activation's next turn.</summary>
    ValueTask Ping();

    /// <summary>The call B makes back into this grain in the middle of the chain.</summary>
    ValueTask<long> Lookup();

    /// <summary>Awaits B: the turn ends at the await, so B's call back runs.</summary>
    ValueTask<ColoringAnswer> HandleAsync(ColoringCall call, CancellationToken cancellationToken = default);

    /// <summary>Blocks on B's task inside the turn (<c>.Wait()</c>): B's call back cannot run until the wait gives up.</summary>
    ValueTask<ColoringAnswer> HandleBlocking(ColoringCall call, CancellationToken cancellationToken = default);

    /// <summary>The same blocking wait inside <c>await Task.Run(...)</c>: it holds a pool thread, not the activation.</summary>
    ValueTask<ColoringAnswer> HandleBridged(ColoringCall call, CancellationToken cancellationToken = default);
}
