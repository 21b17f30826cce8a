namespace Concurrency.Client.Advice;

/// <summary>The leaves of the article's decision tree, as <see cref="Advisor"/> reaches them.</summary>
public enum DecisionBranch
{
    /// <summary>1. I/O-bound, many simultaneous operations: asyncio.</summary>
    ManyIo,

    /// <summary>1. I/O-bound, many operations, simpler code wanted: threading.</summary>
    ManyIoSimple,

    /// <summary>2. I/O-bound but simple, a few operations: synchronous code.</summary>
    FewIo,

    /// <summary>3. CPU-bound, jobs worth a process each: multiprocessing.</summary>
    Cpu,

    /// <summary>3. CPU-bound, thousands of tiny tasks: where spawning is "a dealbreaker", so batch.</summary>
    TinyCpu,

    /// <summary>3. CPU-bound, simpler code wanted: concurrent.futures, write once and pick the executor by measuring.</summary>
    CpuSimple,

    /// <summary>4. Mixed: a thread pool for the I/O and a process pool for the CPU work.</summary>
    Mixed,

    /// <summary>I/O by blocking code called from async code (the coloring problem): bridge it, asyncio.to_thread.</summary>
    BlockingBridge,

    /// <summary>CPU-bound jobs that share state in memory: free threads (no GIL) rather than processes, with locks.</summary>
    FreeThreads,
}
