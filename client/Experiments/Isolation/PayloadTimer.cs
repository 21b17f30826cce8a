using Concurrency.Abstractions;

namespace Concurrency.Client.Experiments.Isolation;

/// <summary>
/// Times messages of one size along one path: one call first (it activates the receiver and sizes the buffers),
/// then <c>calls</c> timed round trips of the same array, as the median and its spread. Defined once for the
/// communication sweep, the fit both experiments take, and the subinterpreters' messages.
/// </summary>
public static class PayloadTimer
{
    /// <summary>At most this many bytes are sent per size (bounded below by <see cref="MinCalls"/>), so 16 MiB payloads do not take the run over.</summary>
    public const long BytesPerSize = 128L << 20;

    public const int MinCalls = 5;

    /// <summary>Small calls that warm a path before it is fitted: enough for the runtime to optimise the code on it.</summary>
    public const int WarmUpCalls = 100;

    /// <summary>How many timed calls a size gets: <paramref name="calls"/>, fewer for large payloads, never under <see cref="MinCalls"/>.</summary>
    public static int CallsFor(long bytes, int calls) => (int)Math.Max(Math.Min(MinCalls, calls), Math.Min(calls, BytesPerSize / Math.Max(1, bytes)));

    public static async Task<(Spread Spread, PayloadReceipt Receipt, bool SameArray)> TimeAsync(SiloRig rig, PayloadPath path, long bytes, int calls, CancellationToken cancellationToken)
    {
        var payload = new byte[bytes];
        Random.Shared.NextBytes(payload);
        var receipt = await rig.SendAsync(path, payload, cancellationToken);
        if (receipt.Length != payload.Length)
        {
            throw new InvalidOperationException($"{path}: the receiver got {receipt.Length:N0} bytes of {payload.Length:N0}");
        }

        var spread = await Spread.TimeAsync(CallsFor(bytes, calls), () => rig.SendAsync(path, payload, cancellationToken));
        return (spread, receipt, SiloRig.SameArray(payload, receipt));
    }

    /// <summary>
    /// Fits <paramref name="path"/>'s line through the medians at two sizes, each from twice the calls a sweep's size
    /// gets, after warm-up calls have compiled the path (a silo just started runs unoptimised code for a while) and
    /// grown the connection's buffers: the line predicts every other size, so its two points are worth the calls.
    /// </summary>
    public static async Task<PathFit> FitAsync(SiloRig rig, PayloadPath path, long small, long large, int calls, CancellationToken cancellationToken)
    {
        await TimeAsync(rig, path, small, WarmUpCalls, cancellationToken);
        await TimeAsync(rig, path, large, MinCalls, cancellationToken);
        var low = await TimeAsync(rig, path, small, 2 * calls, cancellationToken);
        var high = await TimeAsync(rig, path, large, 2 * calls, cancellationToken);
        return new PathFit(path, small, low.Spread.MedianMs, large, high.Spread.MedianMs);
    }
}
