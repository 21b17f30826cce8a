using System.Diagnostics;
using Concurrency.Abstractions;
using Concurrency.Grains.Tracing;

namespace Concurrency.Grains;

/// <summary>
/// Measures what a grain-to-grain call costs inside one silo: no socket and no serialization to the wire, only the
/// runtime's messaging and scheduling. Each caller awaits one ping at a time; throughput comes from many callers.
/// </summary>
[LaneRole("ping caller")]
[CollectionAgeLimit(GrainLifetime.IdleLimit)]
public sealed class PingCallerGrain : Grain, IPingCallerGrain
{
    public async ValueTask<int> PingMany(IPingGrain target, int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            await target.Ping();
        }

        return count;
    }

    public async ValueTask<long> PingFor(IPingGrain target, TimeSpan duration, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long count = 0;
        do
        {
            // Read the clock every 64 pings: reading it on every ping would be part of what is measured.
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < 64; i++)
            {
                await target.Ping();
            }

            count += 64;
        }
        while (Stopwatch.GetTimestamp() < deadline);

        return count;
    }
}
