using Concurrency.Abstractions.Tracing;

namespace Concurrency.Client.Tracing;

/// <summary>Everything a traced run recorded: the client's strategy sections and each silo's grain calls.</summary>
public sealed record RunTrace(string TraceId, int Limit, IReadOnlyList<StrategySection> Sections, IReadOnlyList<SiloTrace> Silos)
{
    public long Calls => Silos.Sum(s => (long)s.Calls.Count);

    public long Dropped => Silos.Sum(s => s.Dropped);

    /// <summary>Said on stderr and written into the trace when a silo reached the limit; null otherwise.</summary>
    public string? LimitNote => Dropped == 0
        ? null
        : $"trace event limit reached: each silo records at most {Limit:N0} grain calls, and {Dropped:N0} more were left out (raise --trace-limit)";
}
