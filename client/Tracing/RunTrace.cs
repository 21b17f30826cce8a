using System.Globalization;
using Concurrency.Abstractions.Tracing;

namespace Concurrency.Client.Tracing;

/// <summary>
/// Everything a traced run kept: the client's strategy sections and each silo's grain calls. Each silo keeps its
/// newest <see cref="Limit"/> calls in a ring, so a long run's trace holds its end: <see cref="Recorded"/> calls were
/// recorded, <see cref="Calls"/> kept, <see cref="Dropped"/> (the oldest) dropped, and <see cref="KeptSpan"/> is the
/// stretch of the run the kept calls cover.
/// </summary>
public sealed record RunTrace(string TraceId, int Limit, IReadOnlyList<StrategySection> Sections, IReadOnlyList<SiloTrace> Silos)
{
    /// <summary>The calls kept, on every silo.</summary>
    public long Calls => Silos.Sum(s => (long)s.Calls.Count);

    /// <summary>The oldest calls the silos' rings dropped to keep their newest.</summary>
    public long Dropped => Silos.Sum(s => s.Dropped);

    public long Recorded => Calls + Dropped;

    /// <summary>From the earliest kept call's start to the latest one's end; null when no call was kept.</summary>
    public TraceSpan? KeptSpan
    {
        get
        {
            var calls = Silos.SelectMany(s => s.Calls).ToList();
            return calls.Count == 0 ? null : new TraceSpan(calls.Min(c => c.StartMicroseconds), calls.Max(c => c.EndMicroseconds));
        }
    }

    /// <summary>
    /// Before this moment a silo's ring may have dropped calls: the latest of the earliest kept calls of the silos that
    /// dropped any; null when none dropped.
    /// </summary>
    public long? CompleteFromMicroseconds =>
        Silos.Where(s => s.Dropped > 0).Select(s => s.Calls.Count == 0 ? long.MaxValue : s.Calls.Min(c => c.StartMicroseconds)).DefaultIfEmpty().Max() is var from && Dropped > 0 ? from : null;

    /// <summary>What the ring kept, said in the trace and on the terminal when a silo dropped calls; null otherwise.</summary>
    public string? LimitNote => Dropped == 0
        ? null
        : $"trace ring full: each silo keeps its newest {Limit:N0} grain calls, so {Calls:N0} of {Recorded:N0} were kept " +
          $"and the {Dropped:N0} oldest dropped; the trace covers the last {(KeptSpan?.Seconds ?? 0).ToString("0.###", CultureInfo.InvariantCulture)} s of the run (raise --trace-limit to keep more)";
}
