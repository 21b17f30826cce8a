using System.Diagnostics;
using Concurrency.Abstractions;
using Polly;

namespace Concurrency.Grains;

/// <summary>
/// Downloads over real sockets. The grain's await is now on a socket read instead of a timer, and everything that makes
/// real I/O hard comes with it: connection pools, timeouts, servers that fail. Retries, the per-try timeout and the
/// circuit breaker live in the HTTP client's resilience pipeline (<see cref="HttpDownloadPipeline"/>); this class only
/// starts a download and accounts for how it ended, so every download comes back as succeeded or failed with a reason.
/// </summary>
public sealed class HttpDownloadSource(IHttpClientFactory clients, SiloHttpEndpoint endpoint) : IDownloadSource
{
    public const string ClientName = "concurrency-downloads";

    // One client for the silo's lifetime: its handler chain (and connection pool) never rotates, so holding it is safe,
    // and a thousand downloads started in one turn skip a thousand trips through the factory.
    private readonly HttpClient _client = clients.CreateClient(ClientName);

    public async ValueTask<DownloadResult> FetchAsync(DownloadRequest request, CancellationToken cancellationToken)
    {
        var fetch = request.Http ?? throw new ArgumentException("an HTTP download needs to know how to fetch", nameof(request));
        var started = Stopwatch.GetTimestamp();
        var attempts = new DownloadAttempts(fetch);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(DownloadAttempts.Key, attempts);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, fetch.UrlFor(request.Site, request.Latency, request.Bytes));
            message.SetResilienceContext(context);
            if (fetch.SitesBase is not null)
            {
                message.Headers.Authorization = endpoint.Authorization;
            }

            using var response = await _client
                .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                .ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var elapsed = Stopwatch.GetElapsedTime(started);
            return response.IsSuccessStatusCode
                ? new DownloadResult(request.Site, true, (response.Content as DrainedContent)?.Bytes ?? 0, attempts.Count, elapsed, null, status)
                : new DownloadResult(request.Site, false, 0, attempts.Count, elapsed, FailureReason.OfStatus(status), status);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One failure never fails the batch: it is accounted for with its reason, and the others go on.
            return new DownloadResult(request.Site, false, 0, attempts.Count, Stopwatch.GetElapsedTime(started), FailureReason.Of(e, cancellationToken));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
