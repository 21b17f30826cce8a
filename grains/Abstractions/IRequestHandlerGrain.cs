namespace Concurrency.Abstractions;

/// <summary>
/// A server that handles requests and does computation, the article's mixed workload. Requests are small I/O: each
/// awaits a short download. CPU jobs arrive beside them, and the handler either crunches them itself or forwards them
/// to the stateless cruncher pool. Which one decides whether a request waits for its download only, or for the
/// crunching in front of it too.
/// </summary>
public interface IRequestHandlerGrain : IGrainWithIntegerKey
{
    /// <summary>One request: a short download, awaited, so the activation is free while the network waits.</summary>
    ValueTask<DownloadResult> Serve(DownloadRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// A CPU job crunched in the handler's own turns, one chunk per turn: CPU work on the event loop. Every request
    /// that arrives meanwhile waits for the chunk in progress.
    /// </summary>
    ValueTask<double> ComputeHere(PiJob job, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same job forwarded to the stateless cruncher pool on pool key <paramref name="key"/>: the handler only awaits
    /// it, as it awaits a download (concurrent.futures' ProcessPoolExecutor beside the event loop).
    /// </summary>
    ValueTask<double> Offload(PiJob job, long key, CancellationToken cancellationToken = default);
}
