using Concurrency.Abstractions;

namespace Concurrency.Client.Experiments.Isolation;

/// <summary>
/// Times payload messages along one path, for communication's sweep and the subinterpreters' messages alike: a
/// rehearsal at every size first (the runtime compiles the path, the buffers grow), then the sizes timed in
/// interleaved rounds, each size's calls as a spread whose p10 is the size's figure (see <see cref="SizeTiming.Ms"/>).
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

    /// <summary>Rounds every size of a sweep is timed in; each round visits every size once.</summary>
    public const int Rounds = 5;

    /// <summary>
    /// Times every size in <see cref="Rounds"/> interleaved rounds: in each round each size gets one call that puts
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
            foreach (var i in RoundOrder(sizes.Count, round))
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
    /// size a round. Each size's median is the rehearsal of the sweep: what its calls are expected to take.
    /// </summary>
    public static async Task<PathRehearsal> RehearseAsync(SiloRig rig, PayloadPath path, IReadOnlyList<long> sizes, CancellationToken cancellationToken)
    {
        await TimeAsync(rig, path, sizes[0], WarmUpCalls, cancellationToken);
        var timings = await SweepAsync(rig, path, sizes, Rounds, null, cancellationToken);
        return new PathRehearsal(path, [.. sizes], [.. timings.Select(t => t.Calls.MedianMs)]);
    }

    /// <summary>
    /// The order of the sizes in one round: shuffled, with a seed per round, so the same on every run. A large payload
    /// leaves collections and page faults behind it in both processes, and whichever size comes next meets them: in
    /// order up the sizes that is always the smallest, one of the two sizes a line is fitted through, and it came
    /// out up to 3x its neighbours. Shuffled, a different size follows the largest each round, so at most one
    /// round's share of a size's calls meets them, and its p10 does not.
    /// </summary>
    public static IReadOnlyList<int> RoundOrder(int sizes, int round)
    {
        var order = Enumerable.Range(0, sizes).ToArray();
        new Random(round + 1).Shuffle(order);
        return order;
    }

    /// <summary>The timed calls a sweep gives one size: its share in each round, and the call before each share.</summary>
    public static int SweepCallsFor(long bytes, int calls) => Rounds * (((CallsFor(bytes, calls) + Rounds - 1) / Rounds) + 1);
}
