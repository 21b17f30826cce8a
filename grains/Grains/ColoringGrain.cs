using System.Diagnostics;
using Concurrency.Abstractions;
using Concurrency.Grains.Tracing;
using Orleans.Concurrency;

namespace Concurrency.Grains;

/// <summary>
/// The function-coloring problem on one activation. It is reentrant, so at every await other calls run in turns:
/// B's call back (<see cref="Lookup"/>) and other clients' pings. Reentrancy works only at awaits, though.
///
/// <see cref="HandleAsync"/> is async all the way: it awaits B, the turn ends, B's call back runs, the chain
/// completes. <see cref="HandleBlocking"/> is sync over async: it blocks on B's task with <c>.Wait()</c> inside
/// the turn. A blocked turn is not an await, so the activation is held; B's call back queues behind the blocked
/// turn, and the turn waits for B: a deadlock, which only the wait's own timeout breaks (then the turn ends, the
/// call back runs, and the silo has its thread back). <see cref="HandleBridged"/> moves the very same blocking wait
/// into <c>await Task.Run(...)</c>, asyncio.to_thread: the blocking holds a pool thread, the turn ends at the await,
/// and the call back and the pings run.
/// </summary>
[LaneRole("coloring caller")]
[Reentrant]
[CollectionAgeLimit(GrainLifetime.IdleLimit)]
public sealed class ColoringGrain : Grain, IColoringGrain
{
    private long _lookups;

    public ValueTask Ping() => ValueTask.CompletedTask;

    public ValueTask<long> Lookup() => ValueTask.FromResult(++_lookups);

    public async ValueTask<ColoringAnswer> HandleAsync(ColoringCall call, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await CallTurns.ReadyWhenDone(Backend(call).Fetch(this.GetPrimaryKeyLong(), call.Latency, cancellationToken));
        return new ColoringAnswer(false, Stopwatch.GetElapsedTime(started));
    }

    public ValueTask<ColoringAnswer> HandleBlocking(ColoringCall call, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var finished = BlockOn(Backend(call), this.GetPrimaryKeyLong(), call, cancellationToken);
        return ValueTask.FromResult(new ColoringAnswer(!finished, Stopwatch.GetElapsedTime(started)));
    }

    public async ValueTask<ColoringAnswer> HandleBridged(ColoringCall call, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (backend, key) = (Backend(call), this.GetPrimaryKeyLong());
        var finished = await CallTurns.ReadyWhenDone(Task.Run(() => BlockOn(backend, key, call, cancellationToken), cancellationToken));
        return new ColoringAnswer(!finished, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// The sync-over-async code both blocking handlers share: call B and block the thread until it answers, or give up
    /// after the call's deadlock timeout (false), so that a deadlocked turn frees its thread.
    /// </summary>
    private static bool BlockOn(IColoringBackendGrain backend, long callerKey, ColoringCall call, CancellationToken cancellationToken) =>
        backend.Fetch(callerKey, call.Latency, cancellationToken).AsTask().Wait(call.DeadlockTimeout, cancellationToken);

    private IColoringBackendGrain Backend(ColoringCall call) => GrainFactory.GetGrain<IColoringBackendGrain>(call.BackendKey);
}
