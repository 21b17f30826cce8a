using Concurrency.Abstractions;
using Concurrency.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Concurrency.Hosting.Sites;

/// <summary>
/// The simulated internet: <c>GET /sites/{name}?latency=500ms&amp;bytes=65536</c> answers after the latency with that
/// many bytes, streamed. Knobs make a share of the answers misbehave (<c>fail</c>, <c>hang</c>, <c>slow</c>), chosen
/// reproducibly from <c>seed</c>, the site and the try. A waiting request holds no thread: Kestrel parks it on the
/// same shared timers as the simulated network, so one silo serves thousands of slow sites at once. Every pause
/// (latency, hang, trickle) runs on the network's <see cref="LabClock"/>.
/// </summary>
public static class SitesEndpoint
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>A slow answer comes in this many pieces, spread over its trickle time.</summary>
    public const int TricklePieces = 8;

    private static readonly byte[] Chunk = CreateChunk();

    public static IEndpointRouteBuilder MapSites(this IEndpointRouteBuilder endpoints)
    {
        var network = endpoints.ServiceProvider.GetRequiredService<SimulatedNetwork>();
        var traffic = endpoints.ServiceProvider.GetRequiredService<SiteTraffic>();
        endpoints.MapGet($"/{SiteQuery.Path}/{{name}}", context => AnswerAsync(context, network, traffic));
        return endpoints;
    }

    private static async Task AnswerAsync(HttpContext context, SimulatedNetwork network, SiteTraffic traffic)
    {
        traffic.Arrived();
        var name = (string)context.Request.RouteValues["name"]!;
        if (!SiteRequest.TryRead(name, context.Request, out var site, out var error))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(error + "\n");
            return;
        }

        var aborted = context.RequestAborted;
        try
        {
            await network.WaitAsync(site.Latency, aborted);
            var outcome = site.Outcome;
            switch (outcome)
            {
                case SiteOutcome.InternalServerError or SiteOutcome.ServiceUnavailable:
                    context.Response.StatusCode = outcome == SiteOutcome.InternalServerError ? StatusCodes.Status500InternalServerError : StatusCodes.Status503ServiceUnavailable;
                    await context.Response.WriteAsync($"{site.Site}: failure injected (try {site.Attempt})\n", aborted);
                    break;
                case SiteOutcome.Reset:
                    context.Abort();
                    break;
                case SiteOutcome.Hang:
                    // Never answer: the client's per-try timeout ends the wait and closes the connection.
                    await Task.Delay(SiteQuery.MaxLatency, network.Time, aborted);
                    context.Abort();
                    break;
                default:
                    await StreamAsync(context.Response, site, outcome == SiteOutcome.Slow, network, aborted);
                    break;
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client gave up (its timeout) or went away: nothing left to answer.
        }
    }

    private static async Task StreamAsync(HttpResponse response, SiteRequest site, bool slow, SimulatedNetwork network, CancellationToken aborted)
    {
        response.ContentType = "application/octet-stream";
        response.ContentLength = site.Bytes;
        if (!slow)
        {
            for (var left = site.Bytes; left > 0; left -= ChunkSize)
            {
                await response.Body.WriteAsync(Chunk.AsMemory(0, Math.Min(left, ChunkSize)), aborted);
            }

            return;
        }

        // The headers go at once, then the body in pieces with pauses between them: the client has its answer's
        // status but must keep reading, which is what a per-try timeout on the whole body has to catch. Starting the
        // response only makes its headers final: Kestrel sends them with the first flush.
        await response.StartAsync(aborted);
        await response.Body.FlushAsync(aborted);
        var pause = site.Trickle / TricklePieces;
        for (var piece = 0; piece < TricklePieces; piece++)
        {
            await network.WaitAsync(pause, aborted);
            var size = site.Bytes / TricklePieces + (piece < site.Bytes % TricklePieces ? 1 : 0);
            for (var left = size; left > 0; left -= ChunkSize)
            {
                await response.Body.WriteAsync(Chunk.AsMemory(0, Math.Min(left, ChunkSize)), aborted);
            }

            await response.Body.FlushAsync(aborted);
        }
    }

    private static byte[] CreateChunk()
    {
        var chunk = new byte[ChunkSize];
        for (var i = 0; i < chunk.Length; i++)
        {
            chunk[i] = (byte)('a' + i % 26);
        }

        return chunk;
    }
}
