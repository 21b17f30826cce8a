using Concurrency.Abstractions;
using Concurrency.Grains.Telemetry;
using Concurrency.Grains.Tracing;
using Orleans.Concurrency;

namespace Concurrency.Grains;

/// <summary>
/// The mixed workload's server: one activation, one event loop, serving I/O requests while CPU jobs arrive.
///
/// It is <see cref="ReentrantAttribute">reentrant</see> on purpose. A request spends nearly all its time awaiting
/// the network; a reentrant activation takes the next request at every await, so many requests are in flight on one
/// loop at once, like coroutines on asyncio's loop. That is also what makes offloading pay: while the handler awaits
/// the cruncher pool it keeps serving requests. An ordinary grain would hold the activation for the whole of each
/// call, awaits included, so requests would queue behind each other's downloads and behind every offloaded job: the
/// work would run elsewhere and the requests would wait anyway.
///
/// Reentrancy does not make the turns themselves concurrent: they still run one at a time. So crunching in the
/// handler (<see cref="ComputeHere"/>) holds the loop for as long as a chunk takes, and every request that arrives
/// meanwhile waits for it, as every coroutine waits while CPU work runs on asyncio's loop.
/// </summary>
[LaneRole("request handler")]
[Reentrant]
[CollectionAgeLimit(GrainLifetime.IdleLimit)]
public sealed class RequestHandlerGrain(IDownloadSource source, LabMeter meter) : Grain, IRequestHandlerGrain, IDisposable
{
    private readonly int _workerCount = CruncherPool.KeysBesideLoop(Environment.ProcessorCount);

    private readonly SemaphoreSlim _workers = new(CruncherPool.KeysBesideLoop(Environment.ProcessorCount));

    private readonly RunningCrunches _crunches = meter.CrunchesOf(typeof(RequestHandlerGrain));

    public ValueTask<DownloadResult> Serve(DownloadRequest request, CancellationToken cancellationToken) =>
        source.FetchAsync(request, cancellationToken);

    /// <summary>
    /// One chunk, one turn (<see cref="Crunching"/> yields before each, so requests that queued meanwhile run first).
    /// </summary>
    public ValueTask<double> ComputeHere(PiJob job, CancellationToken cancellationToken) =>
        new(job.RunAsync((range, token) => Crunching.SumTerms(_crunches, range, token), cancellationToken: cancellationToken));

    /// <summary>
    /// The handler's own workers: the stateless pool of this silo, at most cores - 1 jobs at a time (the executor's
    /// max_workers; later jobs wait here, awaiting, as a ProcessPoolExecutor queues them). A pool key alone would not
    /// cap it: a stateless worker key adds activations, up to one per core, while its first one is busy. The handler's
    /// turn ends at the first await; it holds nothing while the pool crunches.
    /// </summary>
    public async ValueTask<double> Offload(PiJob job, long key, CancellationToken cancellationToken)
    {
        await _workers.WaitAsync(cancellationToken);
        try
        {
            return await job.RunOnPoolAsync(GrainFactory, key, _workerCount, cancellationToken: cancellationToken);
        }
        finally
        {
            _workers.Release();
        }
    }

    public void Dispose() => _workers.Dispose();
}
