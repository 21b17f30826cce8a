using System.Net;
using Concurrency.Hosting;

namespace Concurrency.Client.Experiments.Isolation;

/// <summary>
/// Starting a silo, the two heavy rungs of the spawn ladder: one more silo in this process (its own host, scheduler
/// and grain directory, sharing the process's runtime and heap) or a silo process (a whole .NET runtime as well).
/// Each is timed from the call to the moment it can take messages. Defined once: spawn and subinterpreters both use it.
/// </summary>
public static class SiloStarts
{
    /// <summary>A silo in this process on free ports, no dashboard; it joins <paramref name="primary"/>'s cluster, else is its own.</summary>
    public static Task<LabSilo> InProcessAsync(IPEndPoint? primary, CancellationToken cancellationToken) =>
        LabSilo.StartAsync(new LabSiloOptions { SiloPort = 0, GatewayPort = 0, HttpPort = 0, Dashboard = false, Primary = primary, Quiet = true }, cancellationToken);

    /// <summary>Starts and stops <paramref name="samples"/> silos of their own in this process, timing each start.</summary>
    public static async Task<Spread> TimeInProcessAsync(int samples, CancellationToken cancellationToken)
    {
        var seconds = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var (silo, elapsed) = await Measure.SecondsAsync(() => InProcessAsync(null, cancellationToken));
            seconds.Add(elapsed);
            await StopQuicklyAsync(silo);
        }

        return Spread.Of(seconds);
    }

    /// <summary>Starts and kills <paramref name="samples"/> silo processes of their own, timing each start up to its ready line.</summary>
    public static async Task<Spread> TimeProcessAsync(int samples, CancellationToken cancellationToken)
    {
        var seconds = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var (child, elapsed) = await Measure.SecondsAsync(() => SiloChild.StartAsync(null, cancellationToken));
            seconds.Add(elapsed);
            await child.DisposeAsync();
        }

        return Spread.Of(seconds);
    }

    /// <summary>
    /// Stops a silo without the graceful hand-off (a cancelled stop): the measurements only need it gone, and a
    /// graceful stop would spend seconds on membership for nothing.
    /// </summary>
    public static async Task StopQuicklyAsync(LabSilo silo)
    {
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        try
        {
            await silo.StopAsync(now.Token);
        }
        catch (OperationCanceledException)
        {
            // A cancelled stop may say so; the silo is down either way.
        }

        await silo.DisposeAsync();
    }
}
