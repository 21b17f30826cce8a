namespace Concurrency.Hosting.Sites;

/// <summary>What reached the sites endpoint: every request counted, whatever became of it.</summary>
public sealed class SiteTraffic
{
    private long _requests;

    /// <summary>Requests that reached the server, tries the client's circuit breaker refused not among them.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    internal void Arrived() => Interlocked.Increment(ref _requests);
}
