namespace Concurrency.Client.Experiments;

/// <summary>Where the downloads experiment's downloads come from (<c>--source</c>).</summary>
public static class DownloadSources
{
    /// <summary>Waits on the simulated network: no sockets, a million downloads in about one latency.</summary>
    public const string Simulated = "simulated";

    /// <summary>Real HTTP requests to the silo's sites endpoint, with retries, timeouts and a circuit breaker.</summary>
    public const string Http = "http";
}
