using Concurrency.Abstractions;
using Polly;

namespace Concurrency.Grains;

/// <summary>
/// One download's tries as the resilience pipeline makes them. It rides in the request's resilience context, so the
/// retry strategy counts each new try here and the per-try handler stamps the try's number on the request.
/// </summary>
internal sealed class DownloadAttempts(HttpFetch fetch)
{
    public static readonly ResiliencePropertyKey<DownloadAttempts> Key = new("concurrency.download-attempts");

    private int _count = 1;

    public HttpFetch Fetch { get; } = fetch;

    /// <summary>Tries started so far, the first included; a try the open circuit refused counts too.</summary>
    public int Count => Volatile.Read(ref _count);

    public void Retrying() => Interlocked.Increment(ref _count);

    public static DownloadAttempts? Of(ResilienceContext context) =>
        context.Properties.TryGetValue(Key, out var attempts) ? attempts : null;
}
