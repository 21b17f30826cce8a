using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Concurrency.Abstractions.Tracing;

namespace Concurrency.Grains.Tracing;

/// <summary>
/// What this silo recorded, per trace id, until the client drains it through <see cref="TraceBufferGrain"/>.
///
/// Why buffer in the silo and drain at the end, rather than push batches to a collector grain while the run goes on:
/// a traced call then costs an enqueue (under a short lock) and no extra message, so tracing disturbs the timings it
/// records as little as possible, and nothing is in flight when the client collects. A collector grain would add messages during the
/// run (and a flush problem at its end). The price is that the client must reach each silo, which a silo-pinned grain
/// (<see cref="SiloPinnedPlacement"/>) gives it. A client that never drains costs at most
/// <see cref="MaxTraces"/> bounded logs (each a ring of its newest calls): older logs are dropped.
/// </summary>
public sealed class SiloTraceBuffer
{
    public const int MaxTraces = 8;

    private readonly ConcurrentDictionary<string, TraceLog> _logs = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<IGrainContext, ActivationLanes> _lanes = [];

    public TraceLog LogFor(string traceId, int limit) =>
        _logs.TryGetValue(traceId, out var log) ? log : Add(traceId, limit);

    public ActivationLanes LanesOf(IGrainContext activation) => _lanes.GetValue(activation, static _ => new ActivationLanes());

    public SiloTrace Drain(string traceId, string silo) =>
        _logs.TryRemove(traceId, out var log) ? log.ToSiloTrace(silo) : new SiloTrace(silo, [], 0, 0);

    private TraceLog Add(string traceId, int limit)
    {
        var log = _logs.GetOrAdd(traceId, static (_, l) => new TraceLog(Math.Max(0, l)), limit);
        while (_logs.Count > MaxTraces)
        {
            var oldest = _logs.MinBy(entry => entry.Value.Created);
            _logs.TryRemove(oldest.Key, out _);
        }

        return log;
    }
}
