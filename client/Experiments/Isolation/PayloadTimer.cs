using Concurrency.Abstractions;

namespace Concurrency.Client.Experiments.Isolation;

/// <summary>
/// Times payload messages along one path, for communication's sweep and the subinterpreters' messages alike: a
/// rehearsal at every size first (the runtime compiles the path, the buffers grow), then the sizes timed in
/// interleaved rounds, each size's calls as the median and its spread.
/// </summary>
public static class PayloadTimer
{
    /// <summary>At most this many bytes are sent per size (bounded below by <see cref="MinCalls"/>), so 16 MiB payloads do not take the run over.</summary>
    public const long BytesPerSize = 128L << 20;

    public const int MinCalls = 5;

    /// <summary>Small calls that warm a path before it is rehearsed: enough for the runtime to optimise the code on it.</summary>
    public const int WarmUpCalls = 100;

    /// <summary>How many timed calls a size gets: <paramref name="calls"/>, fewer for large payloads, never under <see cref="MinCalls"/>.</summary>
    public static int CallsFor(long bytes, int calls) => (int)Math.Max(Math.Min(MinCalls, calls), Math.Min(calls, BytesPerSize / Math.Max(1, bytes)));

    /// <summary>One call that activates the receiver and sizes the buffers, then the size's timed calls, one after another.</summary>
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

    /// <summary>Rounds every size of a sweep is timed in; each round visits every size once, smallest first.</summary>
    public const int Rounds = 3;

    /// <summary>
    /// Times every size in <see cref="Rounds"/> interleaved rounds, up and down the sizes: in each round each size gets one call that puts
    /// its array back in the caches and the connection's buffers, then its share of the timed calls. Interleaving is
    /// what lets two sizes be compared: a machine that slows down for a while (another process, a collection, a
    /// runtime still compiling the path) slows every size alike, instead of the sizes that happened to run then.
    /// </summary>
    public static async Task<IReadOnlyList<SizeTiming>> SweepAsync(SiloRig rig, PayloadPath path, IReadOnlyList<long> sizes, int calls, Action? sizeDone, CancellationToken cancellationToken)
    {
        var payloads = sizes.Select(size =>
        {
            var payload = new byte[size];
            Random.Shared.NextBytes(payload);
            return payload;
        }).ToList();
        var seconds = sizes.Select(_ => new List<double>()).ToList();
        var receipts = new PayloadReceipt[sizes.Count];
        for (var round = 0; round < Rounds; round++)
        {
            // Up the sizes, then down: the size right after the other end of the sweep (its collections still running,
            // the caches full of other bytes) is a different size each round, so at most a third of a size's calls meet it and its median leaves them out.
            foreach (var i in round % 2 == 0 ? Enumerable.Range(0, sizes.Count) : Enumerable.Range(0, sizes.Count).Reverse())
            {
                var receipt = await rig.SendAsync(path, payloads[i], cancellationToken);
                if (receipt.Length != payloads[i].Length)
                {
                    throw new InvalidOperationException($"{path}: the receiver got {receipt.Length:N0} bytes of {payloads[i].Length:N0}");
                }

                receipts[i] = receipt;
                var share = (SweepCallsFor(sizes[i], calls) / Rounds) - 1;
                for (var call = 0; call < share; call++)
                {
                    var (_, elapsed) = await Measure.SecondsAsync(async () =>
                    {
                        await rig.SendAsync(path, payloads[i], cancellationToken);
                        return 0;
                    });
                    seconds[i].Add(elapsed);
                }

                sizeDone?.Invoke();
            }
        }

        return [.. sizes.Select((size, i) => new SizeTiming(size, Spread.Of(seconds[i]), SiloRig.SameArray(payloads[i], receipts[i]), receipts[i].ProcessId))];
    }

    /// <summary>
    /// Calls along every size before anything is timed, so the runtime compiles the path (and the sweep's own code)
    /// and the buffers grow to the largest size: warm-up calls at the smallest size, then a sweep of one timed call a
    /// size a round. Each size's median is the rehearsal of the sweep.
    /// </summary>
    public static async Task<PathRehearsal> RehearseAsync(SiloRig rig, PayloadPath path, IReadOnlyList<long> sizes, CancellationToken cancellationToken)
    {
        await TimeAsync(rig, path, sizes[0], WarmUpCalls, cancellationToken);
        var timings = await SweepAsync(rig, path, sizes, Rounds, null, cancellationToken);
        return new PathRehearsal(path, [.. sizes], [.. timings.Select(t => t.Ms)]);
    }

    /// <summary>The timed calls a sweep gives one size: its share in each round, and the call before each share.</summary>
    public static int SweepCallsFor(long bytes, int calls) => Rounds * (((CallsFor(bytes, calls) + Rounds - 1) / Rounds) + 1);
}
