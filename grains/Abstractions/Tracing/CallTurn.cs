namespace Concurrency.Abstractions.Tracing;

/// <summary>
/// One stretch in which a grain call held a thread: from the moment a piece of the call (its first part, or a
/// continuation after an await) started running on <see cref="Thread"/> until that thread left it. With
/// <see cref="HoldsActivation"/> the stretch ran on the activation's own scheduler, so it also held the activation (a
/// turn: no other call of a non-reentrant grain could run). Without it the call had put the work on the thread pool
/// (<c>Task.Run</c>, a continuation after <c>ConfigureAwait(false)</c>): a pool thread was held, the activation was not.
/// <see cref="ReadyMicroseconds"/>, when not 0, is the moment the stretch could have run: what it awaited was done
/// (or it had only yielded), so from then until <see cref="StartMicroseconds"/> it was queued for the activation's
/// scheduler, behind other work, not awaiting anything.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.call-turn")]
public readonly record struct CallTurn(
    [property: Id(0)] long StartMicroseconds,
    [property: Id(1)] long EndMicroseconds,
    [property: Id(2)] int Thread,
    [property: Id(3)] bool HoldsActivation,
    [property: Id(4)] long ReadyMicroseconds = 0)
{
    public long Microseconds => Math.Max(0, EndMicroseconds - StartMicroseconds);
}
