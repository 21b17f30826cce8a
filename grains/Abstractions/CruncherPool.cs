namespace Concurrency.Abstractions;

/// <summary>
/// How to hand CPU work to the stateless cruncher pool so that it really spreads over the cores.
///
/// A stateless worker routes each request to the first activation that looks idle. Requests that arrive in the
/// same instant all see the first activation as idle, because it has not started the first request yet, and queue
/// behind it: a burst of chunks then runs on one core while the others wait (Orleans 10.4 shows it; see
/// dotnet/orleans#10954). So callers address the pool as <c>keys</c> pool keys, one per core, and send work item i to
/// pool key i mod keys: each key is its own stateless worker on the calling silo, and a burst lands on every core.
/// </summary>
public static class CruncherPool
{
    /// <summary>The cruncher at pool key <paramref name="index"/> mod <paramref name="keys"/>.</summary>
    public static IStatelessCruncherGrain AtPoolKey(this IGrainFactory grains, long index, int keys) =>
        grains.GetGrain<IStatelessCruncherGrain>(index % Math.Max(1, keys));

    /// <summary>
    /// How many pool keys a grain that also serves requests should crunch on: one per core but one, as a ProcessPoolExecutor
    /// beside a busy event loop gets max_workers = cores - 1. Grain turns run on the .NET thread pool, which keeps about
    /// one thread per core: if every one of them crunched, the loop's next turn would wait for a thread (the blocking
    /// experiment's starvation) rather than for a core. Keep at most that many jobs in flight, too: a stateless worker
    /// key adds activations while its first one is busy, so the keys alone do not cap the threads that crunch.
    /// </summary>
    public static int KeysBesideLoop(int cores) => Math.Max(1, cores - 1);
}
