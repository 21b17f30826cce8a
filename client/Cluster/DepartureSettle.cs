namespace Concurrency.Client.Cluster;

/// <summary>
/// The moments after a silo's death during which a call may still reach it. Membership can declare a silo dead while
/// it is still stopping (its gateway open, its activations not yet gone, as an in-process kill or a slow shutdown
/// leaves it), and a call it takes then is lost without an answer until the response timeout. A call sent to a grain
/// within <see cref="Window"/> of a departure is therefore also abandoned once the window has passed, and sent again:
/// by then the silo is gone everywhere, and the new call reaches a live one. The work is idempotent and answers are
/// counted once, so a first call that does answer costs a discarded duplicate, not a wrong result.
/// </summary>
public sealed class DepartureSettle(TimeProvider time) : IDisposable
{
    /// <summary>How long after a departure a call sent may still have gone to the dying silo.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly List<CancellationTokenSource> _timers = [];
    private long? _lastDeparture;

    /// <summary>A silo departed now.</summary>
    public void Departed()
    {
        lock (_lock)
        {
            _lastDeparture = time.GetTimestamp();
        }
    }

    /// <summary>
    /// For a call sent now: a token that fires when the last departure's window ends, or <see cref="CancellationToken.None"/>
    /// when no departure is that recent.
    /// </summary>
    public CancellationToken ForCallSentNow()
    {
        lock (_lock)
        {
            if (_lastDeparture is not { } departed || Window - time.GetElapsedTime(departed) is not { Ticks: > 0 } left)
            {
                return CancellationToken.None;
            }

            var timer = new CancellationTokenSource(left, time);
            _timers.Add(timer);
            return timer.Token;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _timers.ForEach(t => t.Dispose());
            _timers.Clear();
        }
    }
}
