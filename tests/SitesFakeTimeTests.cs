using System.Net;
using Concurrency.Grains;
using Concurrency.Hosting.Sites;
using Concurrency.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Concurrency.Tests;

/// <summary>
/// The simulated internet's sites on a fake clock, over real HTTP on loopback: a site answers at its latency to the
/// millisecond, not before, and a slow answer comes in its pieces at its trickle's pace. The test moves the clock only
/// once the site's wait is parked on a timer, and reads what the clock let through, so nothing here waits on real time.
/// </summary>
public sealed class SitesFakeTimeTests : IAsyncLifetime
{
    private static readonly TimeSpan Millisecond = TimeSpan.FromMilliseconds(1);

    private readonly WatchedFakeClock _clock = new();
    private WebApplication _app = null!;
    private Uri _base = null!;

    private SimulatedNetwork Network => _app.Services.GetRequiredService<SimulatedNetwork>();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(new LabClock(_clock)).AddSingleton<SimulatedNetwork>().AddSingleton<SiteTraffic>();
        _app = builder.Build();
        _app.MapSites();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _base = new Uri(address + "/");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient Http() => new() { BaseAddress = _base, Timeout = WatchedFakeClock.ArmTimeout };

    [Fact]
    public async Task A_site_answers_at_its_latency_to_the_millisecond_and_not_before()
    {
        using var http = Http();
        var armed = _clock.Armed;
        var answer = http.GetByteArrayAsync("sites/plain?latency=500ms&bytes=1000");
        await _clock.ArmedAsync(armed + 1);

        _clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(1, Network.ParkedWaits);
        Assert.False(answer.IsCompleted);

        _clock.Advance(Millisecond);
        Assert.Equal(1000, (await answer.WaitAsync(WatchedFakeClock.ArmTimeout)).Length);
        Assert.Equal(0, Network.PendingTimers);
    }

    [Fact]
    public async Task A_slow_answer_comes_in_its_pieces_one_pause_apart()
    {
        using var http = Http();
        var armed = _clock.Armed;
        var request = http.GetAsync("sites/slow?latency=100ms&slow=1&trickle=800ms&bytes=8000", HttpCompletionOption.ResponseHeadersRead);
        await _clock.ArmedAsync(++armed);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        using var response = await request.WaitAsync(WatchedFakeClock.ArmTimeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();

        var buffer = new byte[8000];
        var pause = TimeSpan.FromMilliseconds(800 / SitesEndpoint.TricklePieces);
        for (var piece = 0; piece < SitesEndpoint.TricklePieces; piece++)
        {
            // Each piece waits out its pause on the clock: a millisecond short of it, nothing more has come.
            await _clock.ArmedAsync(++armed);
            _clock.Advance(pause - Millisecond);
            Assert.Equal(1, Network.ParkedWaits);
            _clock.Advance(Millisecond);
            Assert.Equal(1000, await body.ReadAtLeastAsync(buffer.AsMemory(0, 1000), 1000).AsTask().WaitAsync(WatchedFakeClock.ArmTimeout));
        }

        Assert.Equal(0, await body.ReadAsync(buffer).AsTask().WaitAsync(WatchedFakeClock.ArmTimeout));
    }
}
