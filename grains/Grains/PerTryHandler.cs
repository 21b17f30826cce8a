using System.Buffers;
using System.Globalization;
using Concurrency.Abstractions;

namespace Concurrency.Grains;

/// <summary>
/// Sits inside the resilience pipeline, so it runs once for every try that reaches the network. It reads the whole
/// body within the try: a per-try timeout then covers a body that trickles, and a connection reset halfway through the
/// body is a failed try that the retry strategy sees, not an error after the pipeline has already declared success.
/// The bytes go nowhere: a download here is about waiting on sockets, not about keeping what arrives.
/// </summary>
internal sealed class PerTryHandler : DelegatingHandler
{
    private const int ReadBufferSize = 16 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.GetResilienceContext() is { } context && DownloadAttempts.Of(context) is { } attempts)
        {
            request.Headers.Remove(SiteQuery.AttemptHeader);
            request.Headers.TryAddWithoutValidation(SiteQuery.AttemptHeader, attempts.Count.ToString(CultureInfo.InvariantCulture));
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            var bytes = await DrainAsync(response.Content, cancellationToken).ConfigureAwait(false);
            response.Content.Dispose();
            response.Content = new DrainedContent(bytes);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static async Task<long> DrainAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        try
        {
            await using var body = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return total;
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The server dropped the connection mid-body: to the retry strategy that is a failed request like any other.
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "the connection closed before the whole body arrived", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
