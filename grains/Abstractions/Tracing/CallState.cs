namespace Concurrency.Abstractions.Tracing;

/// <summary>
/// What a grain call was doing at a moment of its life: the four states every timeline of the lab draws.
/// The numbers are the kinds the report and the lab page receive.
/// </summary>
public enum CallState
{
    /// <summary>Awaiting something not yet done (a timer, a socket, another grain): no thread held.</summary>
    Awaiting = 0,

    /// <summary>A turn: running on the activation's scheduler, holding a thread and the activation.</summary>
    Turn = 1,

    /// <summary>Work the call put on the thread pool: a pool thread held, the activation not.</summary>
    PoolWork = 2,

    /// <summary>Ready to run (what it awaited is done, or it yielded) but queued for the activation's scheduler behind other work.</summary>
    Queued = 3,
}

/// <summary>One stretch of a call in one <see cref="CallState"/>.</summary>
public readonly record struct CallSegment(long StartMicroseconds, long EndMicroseconds, CallState State)
{
    public long Microseconds => EndMicroseconds - StartMicroseconds;
}
