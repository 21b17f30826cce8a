using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Concurrency.Abstractions.Lab;
using Concurrency.Abstractions.Tracing;
using Concurrency.Grains.Lab;
using Microsoft.Extensions.Logging;

namespace Concurrency.Hosting.Lab;

/// <summary>
/// Feeds every open lab page from one loop. While at least one page is connected, it asks every silo of the cluster
/// for a sample each <see cref="Interval"/> (which keeps each silo recording for the page) and pushes the result
/// to each page as a server-sent event. The last page to leave stops the loop, so the silos stop recording within
/// <see cref="LabLimits.WatchLease"/>. A page that cannot keep up misses ticks (the oldest are dropped), it never
/// slows the loop.
/// </summary>
public sealed partial class LabBroadcast(IGrainFactory grains, LabLive live, ILogger<LabBroadcast> logger) : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private readonly List<Channel<string>> _pages = [];
    private CancellationTokenSource? _stop;

    public async IAsyncEnumerable<SseItem<string>> SubscribeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var page = Channel.CreateBounded<string>(new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            _pages.Add(page);
            if (_stop is null)
            {
                _stop = new CancellationTokenSource();
                _ = LoopAsync(_stop.Token);
            }
        }

        try
        {
            // First what every silo kept while no page was open (its pool's last minute, its recent and running calls),
            // so the charts start full.
            yield return new SseItem<string>(JsonSerializer.Serialize(await HistoryAsync(cancellationToken), JsonSerializerOptions.Web), "history");
            await foreach (var tick in page.Reader.ReadAllAsync(cancellationToken))
            {
                yield return new SseItem<string>(tick, "tick");
            }
        }
        finally
        {
            lock (_gate)
            {
                _pages.Remove(page);
                if (_pages.Count == 0 && _stop is { } stop)
                {
                    _stop = null;
                    stop.Cancel();
                    stop.Dispose();
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stop?.Cancel();
            _stop?.Dispose();
            _stop = null;
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                var json = await TickJsonAsync(cancellationToken);
                lock (_gate)
                {
                    foreach (var page in _pages)
                    {
                        page.Writer.TryWrite(json);
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The last page left.
        }
    }

    /// <summary>
    /// One tick as the pages read it. A tick that cannot be built is sent as its error: the loop is the only one, so a
    /// failure that ended it would freeze every open page at its last tick, with nothing to say why.
    /// </summary>
    private async Task<string> TickJsonAsync(CancellationToken cancellationToken)
    {
        try
        {
            return JsonSerializer.Serialize(await TickAsync(cancellationToken), JsonSerializerOptions.Web);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogTickFailed(logger, e);
            return JsonSerializer.Serialize(LabTick.From(TraceClock.NowMicroseconds(), [], live.Run, [$"the lab feed could not build this tick: {e.Message}"]), JsonSerializerOptions.Web);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lab feed could not build a tick")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);

    /// <summary>Every silo's history; a silo that does not answer in time is left out, as a tick leaves it out.</summary>
    private async Task<LabHistory> HistoryAsync(CancellationToken cancellationToken)
    {
        try
        {
            var hosts = await HostsAsync(cancellationToken);
            var asks = hosts.Keys.Select(async silo =>
            {
                var address = silo.ToParsableString();
                try
                {
                    return LabHistorySilo.From(address, await grains.GetGrain<ILabGrain>(address).History(cancellationToken).AsTask().WaitAsync(Interval * 4, cancellationToken));
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    return null;
                }
            });
            return new LabHistory([.. (await Task.WhenAll(asks)).OfType<LabHistorySilo>().OrderBy(s => s.Silo, StringComparer.Ordinal)]);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new LabHistory([]);
        }
    }

    /// <summary>
    /// The active silos, as the management grain lists them, bounded like each silo's sample: a management grain
    /// that is slow to answer (its silo busy or dying) costs the page a tick that says so, not a response timeout.
    /// </summary>
    private Task<Dictionary<SiloAddress, SiloStatus>> HostsAsync(CancellationToken cancellationToken) =>
        grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken).WaitAsync(Interval * 4, cancellationToken);

    private async Task<LabTick> TickAsync(CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var samples = new List<LabSample>();
        try
        {
            var hosts = await HostsAsync(cancellationToken);
            var asks = hosts.Keys.Select(async silo =>
            {
                try
                {
                    return await grains.GetGrain<ILabGrain>(silo.ToParsableString()).Sample(cancellationToken).AsTask().WaitAsync(Interval * 4, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    lock (errors)
                    {
                        errors.Add($"silo {silo} did not answer: {e.Message}");
                    }

                    return null;
                }
            });
            samples.AddRange((await Task.WhenAll(asks)).OfType<LabSample>().OrderBy(s => s.Silo, StringComparer.Ordinal));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            errors.Add($"the cluster's membership could not be read: {e.Message}");
        }

        return LabTick.From(TraceClock.NowMicroseconds(), samples, live.Run, errors);
    }
}
