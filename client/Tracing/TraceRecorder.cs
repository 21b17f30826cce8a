using Concurrency.Abstractions.Tracing;
using Orleans.Runtime;

namespace Concurrency.Client.Tracing;

/// <summary>
/// The client's half of tracing. <see cref="Begin"/> puts a fresh trace id into the <see cref="RequestContext"/> of
/// the run, so every grain call the experiments make, and every call those grains make, carries it and is recorded by
/// the silos' <c>TraceCallFilter</c>. <see cref="CollectAsync"/> then drains each silo's buffer through the
/// silo-pinned <see cref="ITraceBufferGrain"/>, outside the traced context so the draining itself is not recorded.
/// </summary>
public sealed class TraceRecorder(int limit)
{
    private readonly List<StrategySection> _sections = [];

    public string TraceId { get; } = Guid.NewGuid().ToString("N");

    public int Limit { get; } = limit;

    public void AddSection(StrategySection section)
    {
        lock (_sections)
        {
            _sections.Add(section);
        }
    }

    /// <summary>Marks the calls made in this async flow, until disposed, as belonging to the trace.</summary>
    public IDisposable Begin()
    {
        RequestContext.Set(LabTrace.TraceIdKey, TraceId);
        RequestContext.Set(LabTrace.LimitKey, Limit);
        return new Scope();
    }

    public async Task<RunTrace> CollectAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken);
        var drains = hosts.Keys.Select(silo => grains.GetGrain<ITraceBufferGrain>(silo.ToParsableString()).Drain(TraceId).AsTask());
        var silos = await Task.WhenAll(drains).WaitAsync(cancellationToken);
        lock (_sections)
        {
            return new RunTrace(TraceId, Limit, _sections.OrderBy(s => s.StartMicroseconds).ToList(), silos.OrderBy(s => s.Silo, StringComparer.Ordinal).ToList());
        }
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose()
        {
            RequestContext.Remove(LabTrace.TraceIdKey);
            RequestContext.Remove(LabTrace.LimitKey);
        }
    }
}
