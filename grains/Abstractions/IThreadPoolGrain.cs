namespace Concurrency.Abstractions;

/// <summary>
/// Reports the thread pool of the silo that receives the call (a stateless worker is always activated locally),
/// so a client can see inside a silo that may run in another process.
/// </summary>
public interface IThreadPoolGrain : IGrainWithIntegerKey
{
    ValueTask<ThreadPoolSnapshot> Snapshot(CancellationToken cancellationToken = default);
}
