using System.Diagnostics;
using Concurrency.Abstractions;
using Concurrency.Client.Connection;

namespace Concurrency.Client.Bench;

/// <summary>
/// What one grain call costs: throughput with many concurrent callers, from inside the silo and from an external
/// client through the gateway on loopback, and the latency of one call through the gateway. Modelled on the Orleans
/// repository's ping benchmark: each caller loops on its own grain, so no activation is a bottleneck.
/// </summary>
public sealed class CallsBench : IBench
{
    private const int Callers = 400;

    public string Name => "calls";

    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var duration = context.Quick ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(3);
        var figures = new List<BenchFigure>();

        // Callers inside the silo are grains: each caller grain awaits one ping at a time on its own target grain.
        var (inSilo, inSiloCpu) = await GrainToGrainThroughputAsync(context, duration, cancellationToken);
        figures.Add(new BenchFigure("calls-in-silo-per-second", inSilo, "calls/s", 500_000, TargetDirection.AtLeast,
            $"{Callers} caller grains in the silo, each pinging its own grain in a loop (grain to grain, no socket), for about {duration.TotalSeconds:0.#} s",
            CallCpuDetails.Of(inSiloCpu)));

        // As the Orleans repository's PingConcurrentHostedClient: callers on the silo's own grain factory, outside any grain.
        var (hosted, hostedCpu) = await ThroughputAsync(context.Grains, duration, cancellationToken);
        figures.Add(new BenchFigure("calls-from-silo-host-per-second", hosted, "calls/s", null, TargetDirection.AtLeast,
            $"{Callers} concurrent callers on the silo process's own grain factory, outside any grain, {duration.TotalSeconds:0.#} s",
            CallCpuDetails.Of(hostedCpu)));

        await using var client = await ClusterConnection.OpenAsync(
            new ConnectionRequest(context.Silo.Gateway, GatewayGiven: true, ForceEmbedded: false, Verbose: false), TextWriter.Null, cancellationToken);

        var (gateway, gatewayCpu) = await ThroughputAsync(client.Grains, duration, cancellationToken);
        figures.Add(new BenchFigure("calls-through-gateway-per-second", gateway, "calls/s", 150_000, TargetDirection.AtLeast,
            $"{Callers} concurrent callers in an Orleans client connected to the gateway over loopback TCP (client and silo share this process and its cores), {duration.TotalSeconds:0.#} s",
            CallCpuDetails.Of(gatewayCpu)));

        var (p50, p99, calls) = await LatencyAsync(client.Grains, duration, cancellationToken);
        figures.Add(new BenchFigure("call-latency-through-gateway-p50", p50, "µs", 100, TargetDirection.AtMost,
            $"one caller, {calls:N0} sequential calls through the gateway over loopback TCP",
            new LatencyTailDetails(p99)));

        return figures;
    }

    private static async Task<(double Rate, double CpuMicrosecondsPerCall)> ThroughputAsync(IGrainFactory grains, TimeSpan duration, CancellationToken cancellationToken)
    {
        var keyBase = Random.Shared.NextInt64(1L << 40, 1L << 62);
        var pings = Enumerable.Range(0, Callers).Select(i => grains.GetGrain<IPingGrain>(keyBase + i)).ToArray();

        // Warm up: activate every grain and let the JIT settle before the clock runs.
        await RunCallersAsync(pings, TimeSpan.FromSeconds(1), cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var calls = await RunCallersAsync(pings, duration, cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return (calls / seconds, (Environment.CpuUsage.TotalTime - cpuBefore).TotalMicroseconds / calls);
    }

    private static async Task<(double Rate, double CpuMicrosecondsPerCall)> GrainToGrainThroughputAsync(BenchContext context, TimeSpan duration, CancellationToken cancellationToken)
    {
        var keyBase = Random.Shared.NextInt64(1L << 40, 1L << 62);
        var pairs = Enumerable.Range(0, Callers)
            .Select(i => (Caller: context.Grains.GetGrain<IPingCallerGrain>(keyBase + i), Target: context.Grains.GetGrain<IPingGrain>(keyBase + i)))
            .ToArray();

        // Warm up, then measure: each caller pings for a time, not a count, so a starved machine gives a lower rate
        // rather than a call that outlives the runtime's response timeout.
        var warm = context.Quick ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(1);
        await Task.WhenAll(pairs.Select(p => p.Caller.PingFor(p.Target, warm, cancellationToken).AsTask()));

        var started = Stopwatch.GetTimestamp();
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var counts = await Task.WhenAll(pairs.Select(p => p.Caller.PingFor(p.Target, duration, cancellationToken).AsTask()));
        var calls = counts.Sum();
        return (calls / Stopwatch.GetElapsedTime(started).TotalSeconds, (Environment.CpuUsage.TotalTime - cpuBefore).TotalMicroseconds / calls);
    }

    private static async Task<long> RunCallersAsync(IPingGrain[] pings, TimeSpan duration, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var counts = await Task.WhenAll(pings.Select(async ping =>
        {
            long count = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                // Check the clock every 64 calls: reading it on every call would be part of what we measure.
                for (var i = 0; i < 64; i++)
                {
                    await ping.Ping();
                }

                count += 64;
                if (Stopwatch.GetTimestamp() >= deadline)
                {
                    break;
                }
            }

            return count;
        }));
        cancellationToken.ThrowIfCancellationRequested();
        return counts.Sum();
    }

    private static async Task<(double P50, double P99, int Calls)> LatencyAsync(IGrainFactory grains, TimeSpan duration, CancellationToken cancellationToken)
    {
        var ping = grains.GetGrain<IPingGrain>(Random.Shared.NextInt64(1L << 40, 1L << 62));
        for (var i = 0; i < 1000; i++)
        {
            await ping.Ping();
        }

        var samples = new List<double>(100_000);
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            await ping.Ping();
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }

        samples.Sort();
        return (Percentile(samples, 0.50), Percentile(samples, 0.99), samples.Count);
    }

    private static double Percentile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
}
