using Concurrency.Cli;
using Concurrency.Client.Experiments;
using Concurrency.Hosting;

namespace Concurrency.Client.Advice;

/// <summary>
/// The article's decision tree ("Choosing Your Weapon"), answered in Orleans terms:
/// 1. I/O-bound, many simultaneous operations: asyncio, or threading for simpler code.
/// 2. I/O-bound but simple: synchronous code.
/// 3. CPU-bound: multiprocessing; thousands of tiny tasks make per-task overhead "a dealbreaker".
/// 4. Mixed: a thread pool for the I/O and a process pool for the CPU work.
/// And two the article raises beside the tree: blocking code inside async code (bridge it with asyncio.to_thread), and
/// CPU jobs that share memory (free threads, which .NET has and a GIL-free CPython promises, rather than processes).
/// Each leaf names the experiment that measures it.
/// </summary>
public static class Advisor
{
    /// <summary>
    /// I/O whose operations, done one after another, finish within this is "simple": overlapping them would save
    /// less than this, not worth concurrent code.
    /// </summary>
    public static readonly TimeSpan SynchronousBudget = TimeSpan.FromSeconds(1);

    /// <summary>
    /// CPU tasks shorter than this are "tiny": a grain call costs tens of microseconds, as spawning a process costs
    /// milliseconds, so one call per task would spend a large share of the time on the calls themselves.
    /// </summary>
    public static readonly TimeSpan TinyCpuTask = TimeSpan.FromMilliseconds(1);

    public static WorkloadAdvice Advise(Workload workload) => workload switch
    {
        { Kind: WorkloadKind.Io, Blocking: true } => AdviseBlocking(workload),
        { Kind: WorkloadKind.Cpu, SharedState: true } when workload.Duration >= TinyCpuTask => AdviseFreeThreads(workload),
        { Kind: WorkloadKind.Io } => AdviseIo(workload),
        { Kind: WorkloadKind.Cpu } => AdviseCpu(workload),
        { Kind: WorkloadKind.Mixed } => AdviseMixed(workload),
        _ => throw new ArgumentOutOfRangeException(nameof(workload), workload.Kind, "unknown workload kind"),
    };

    private static WorkloadAdvice AdviseBlocking(Workload w) => new(
        "The bridge: await Task.Run(blocking) inside the grain, so the blocking call holds a pool thread and not the activation's turn; never .Result or .Wait() on a grain call inside a turn.",
        "asyncio.to_thread(blocking_function): \"you can't call a synchronous time.sleep() inside async code\" without stalling the loop",
        ExperimentCatalog.Of<ColoringExperiment>(),
        [
            $"{w.Concurrency:N0} blocking calls of {Format(w.Duration)} made in the turn would run one after another ({Format(w.Duration * w.Concurrency)}) and stall every other call to the activation meanwhile.",
            "Bridged, the activation stays responsive: the blocking code waits on a thread-pool thread, and the turn only awaits it, as it awaits I/O.",
            "Sync over async (.Result on a grain call) holds the thread, and a call chain back into a non-reentrant grain deadlocks: the coloring experiment finds it within a stated timeout.",
        ],
        DecisionBranch.BlockingBridge,
        w);

    private static WorkloadAdvice AdviseFreeThreads(Workload w) => new(
        "Free threads inside one grain call (Parallel.For over the jobs): .NET has no GIL, so they use every core and share memory; guard the shared state with a lock or Interlocked, or keep it as grain state updated in turns.",
        "free-threaded CPython (PEP 703) threads; with the GIL, multiprocessing with shared memory instead",
        ExperimentCatalog.Of<FreeThreadingExperiment>(),
        [
            $"{w.Concurrency:N0} jobs of {Format(w.Duration)} in one activation's turns run one after another ({Format(w.Duration * w.Concurrency)}): the actor's GIL.",
            "Threads started inside the call step outside the turn model: they run side by side like processes, without copying state between them.",
            "The price the article leaves out: a counter shared without synchronization loses updates, which the free-threading experiment counts (and grain state updated in turns loses none).",
        ],
        DecisionBranch.FreeThreads,
        w);

    private static WorkloadAdvice AdviseIo(Workload w)
    {
        var (n, d) = (w.Concurrency, w.Duration);
        var oneAfterAnother = d * n;
        if (n == 1 || oneAfterAnother <= SynchronousBudget)
        {
            return new WorkloadAdvice(
                "Plain sequential code: one ordinary grain that awaits each operation in turn, with no fan-out.",
                "synchronous code: \"Just use synchronous code. Don't overengineer.\"",
                ExperimentCatalog.Of<SyncExperiment>(),
                [
                    n == 1
                        ? $"One operation at a time has nothing to overlap: it takes {Format(d)} however it is written."
                        : $"{n:N0} operations of {Format(d)} one after another take {Format(oneAfterAnother)}; overlapping them would save at most {Format(oneAfterAnother - d)}, within the {Format(SynchronousBudget)} not worth concurrent code.",
                    "An await still releases the thread while the operation waits, so sequential code costs the silo nothing but time.",
                    "The sync experiment measures what concurrency's machinery costs a batch against what it saves a file, and the break-even count below which plain code is faster as well as simpler.",
                ],
                DecisionBranch.FewIo,
                w);
        }

        if (w.Simple)
        {
            return new WorkloadAdvice(
                "One grain per entity (a downloader per site or connection), each awaiting its own operation, all called at once.",
                "threading: one thread per operation, as the article does for I/O when it wants simpler code than asyncio",
                ExperimentCatalog.Of<DownloadsExperiment>(),
                [
                    $"{n:N0} waits of {Format(d)} overlap: about {Format(d)} in all instead of {Format(oneAfterAnother)} one after another.",
                    "Each grain is plain sequential code, like a thread's; awaiting holds no thread, so thousands of them cost no threads.",
                    "Never block inside the grains (Thread.Sleep, .Result): a blocked turn holds a pool thread, as the blocking experiment shows.",
                ],
                DecisionBranch.ManyIoSimple,
                w);
        }

        return new WorkloadAdvice(
            "An event-loop grain: start every operation in one turn and await them together (or take the calls in a [Reentrant] grain), one grain per entity.",
            "asyncio: asyncio.gather over coroutines (or threading if you need simpler code)",
            ExperimentCatalog.Of<AsyncFetchExperiment>(),
            [
                $"{n:N0} operations of {Format(d)} one after another take {Format(oneAfterAnother)}; interleaved at their awaits, about {Format(d)}.",
                "An activation is an event loop: an await hands its thread back, so one grain carries thousands of waits; an ordinary grain called once per operation would queue them instead (separate-calls).",
                "Never block in the loop (Thread.Sleep, .Result): that stalls every waiting operation, as the blocking experiment shows.",
            ],
            DecisionBranch.ManyIo,
            w);
    }

    private static WorkloadAdvice AdviseCpu(Workload w)
    {
        var (n, d) = (w.Concurrency, w.Duration);
        if (d < TinyCpuTask)
        {
            return new WorkloadAdvice(
                "Batching: a plain loop in the caller, or the items in chunks with one stateless-worker call per chunk; never one grain call per item.",
                "a plain loop, or multiprocessing with large chunks (pool.map(f, items, chunksize=...)): per-task overhead for \"thousands of tiny tasks … is a dealbreaker\"",
                ExperimentCatalog.Of<OverheadExperiment>(),
                [
                    $"Each task is {Format(d)}, below {Format(TinyCpuTask)}: a grain call costs tens of microseconds, a large share of such a task, as spawning a process is of a tiny Python task.",
                    $"Chunks of many items pay that cost once per chunk; {n:N0} tasks in all take about {Format(d * n)} of CPU.",
                    "The overhead experiment measures the cost per item of each way and the work size where sending work to grains starts to pay.",
                ],
                DecisionBranch.TinyCpu,
                w);
        }

        if (w.Simple)
        {
            return new WorkloadAdvice(
                "Write the work once behind an executor (inline, one grain, a stateless-worker pool) and keep whichever measures fastest.",
                "concurrent.futures: write the function once, try ThreadPoolExecutor, switch to ProcessPoolExecutor if threads are slow",
                ExperimentCatalog.Of<ExecutorsExperiment>(),
                [
                    "The same function runs through every executor, so choosing one is a measurement, not a rewrite.",
                    $"Jobs of {Format(d)} are long next to a grain call, so a stateless pool should win here; tiny work would favour the inline loop.",
                    "The executors experiment runs the same items through each executor, checks the results match, and times them.",
                ],
                DecisionBranch.CpuSimple,
                w);
        }

        var cores = Environment.ProcessorCount;
        return new WorkloadAdvice(
            "[StatelessWorker] number-cruncher grains: one job per call, spread over every core (and silo); split long jobs into chunks so no turn runs much past 1 s.",
            "multiprocessing: a process Pool (or a library like NumPy that bypasses the GIL)",
            ExperimentCatalog.Of<CpuExperiment>(),
            [
                $"One activation runs one turn at a time, the actor's GIL: {n:N0} jobs of {Format(d)} sent to one grain take {Format(d * n)}.",
                $"A stateless worker gets an activation per core: about {Format(d * Math.Ceiling((double)n / cores))} on this machine's {cores} cores.",
                $"Each job's {Format(d)} is long next to a grain call's tens of microseconds, so the calls cost next to nothing.",
            ],
            DecisionBranch.Cpu,
            w);
    }

    private static WorkloadAdvice AdviseMixed(Workload w)
    {
        var cpu = w.CpuDuration is { } c
            ? $"Each request's {Format(c)} of computing would hold the handler's turn for that long, while its {Format(w.Duration)} of I/O holds nothing."
            : "Computing holds the handler's turn; waiting on I/O does not.";
        return new WorkloadAdvice(
            "Offloading: a request-handler grain awaits the I/O itself and sends the CPU work to [StatelessWorker] grains, so it stays free for the next request.",
            "concurrent.futures: a ThreadPoolExecutor for the I/O and a ProcessPoolExecutor for the CPU tasks",
            ExperimentCatalog.Of<MixedExperiment>(),
            [
                cpu,
                $"Crunching in the handler makes its {w.Concurrency:N0} concurrent requests queue behind the computation, so their tail latency grows; offloaded, the handler only awaits the workers as it awaits I/O.",
                "The mixed experiment measures request latency p50 and p99 with the work in the handler and offloaded; executors shows the one-interface, two-pools idea.",
            ],
            DecisionBranch.Mixed,
            w);
    }

    private static string Format(TimeSpan duration) => DurationText.Format(duration);
}
