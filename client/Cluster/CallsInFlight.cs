using System.Collections.Concurrent;
using Concurrency.Abstractions;
using Concurrency.Abstractions.Lab;
using Concurrency.Abstractions.Logging;
using Concurrency.Abstractions.Tracing;

namespace Concurrency.Client.Cluster;

/// <summary>
/// The client's calls to the experiments' grains now in flight, counted by target grain: what the death watch asks
/// about when a silo dies under a strategy that cannot resend its work. Orleans places a grain and does not tell the
/// client where, so the watch asks the directory where each target lives; the lab feed's and the trace's own grains,
/// and the silo dispatchers' membership views, are not the experiment's calls and are not counted.
/// </summary>
public sealed class CallsInFlight : IOutgoingGrainCallFilter
{
    private readonly ConcurrentDictionary<long, GrainId> _calls = new();
    private long _last;

    /// <summary>The number of the last call sent: the calls sent after a mark are those numbered above it.</summary>
    public long Mark() => Interlocked.Read(ref _last);

    /// <summary>
    /// The grains with a call of this client in flight now that was sent after <paramref name="mark"/>. Earlier calls
    /// may be ones a resending strategy gave up on when their silo died, which wait out their response timeout here.
    /// </summary>
    public IReadOnlyList<GrainId> TargetsSince(long mark) => [.. _calls.Where(c => c.Key > mark).Select(c => c.Value).Distinct()];

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (!IsExperimentCall(context))
        {
            await context.Invoke();
            return;
        }

        var number = Interlocked.Increment(ref _last);
        _calls[number] = context.TargetId;
        try
        {
            await context.Invoke();
        }
        finally
        {
            _calls.TryRemove(number, out _);
        }
    }
    private static bool IsExperimentCall(IOutgoingGrainCallContext context) =>
        context.InterfaceMethod?.DeclaringType is { } type
        && type.Assembly == typeof(ICruncherGrain).Assembly
        && type != typeof(ILabGrain) && type != typeof(ITraceBufferGrain) && type != typeof(IFrameworkLogGrain) && type != typeof(ISiloInfoGrain)
        && !(type == typeof(ISiloDispatcherGrain) && context.InterfaceMethod?.Name is nameof(ISiloDispatcherGrain.Membership) or nameof(ISiloDispatcherGrain.Describe) or nameof(ISiloDispatcherGrain.ActiveSilos));
}
