namespace Concurrency.Abstractions;

/// <summary>
/// A pool of number crunchers: a stateless worker, so the silo that handles a call runs it on one of several local
/// activations, one per core. Calls sent together run in parallel: multiprocessing's Pool.
/// </summary>
public interface IStatelessCruncherGrain : ICruncherGrain;
