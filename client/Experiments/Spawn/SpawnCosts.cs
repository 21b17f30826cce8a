using Concurrency.Client.Experiments.Isolation;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// The ladder, measured before the break-even runs: each rung's start cost (median and spread), the Leibniz loop's
/// seconds per term here (to turn a start cost into a task size), and why a rung was not measured. The two starts a
/// break-even is modelled on are measured a second time under work: what a thread, or a fresh activation, adds to a
/// task of <see cref="SpawnExperiment.ProbeWork"/>, as the median of paired differences. <see cref="ThreadQueuedShare"/>
/// is how much of a thread's start went on waiting for a core (<see cref="ThreadStarts"/>): on a busy machine, most.
/// </summary>
public sealed record SpawnCosts(
    double SecondsPerTerm,
    Spread Thread,
    Spread Task,
    Spread Activation,
    Spread WarmCall,
    Spread? InProcessSilo,
    Spread? SiloProcess,
    string? SiloProcessMissing,
    Spread ThreadUnderWork,
    Spread ActivationUnderWork,
    double? ThreadQueuedShare = null) : MeasuredCosts
{
    /// <summary>A thread's start net of its wait for a core, where the kernel says how long that was.</summary>
    public double? ThreadNetMs => ThreadQueuedShare is { } share ? Thread.MedianMs * (1 - share) : null;

    /// <summary>What a fresh activation adds to a task under work: its first call less a warm one, each carrying the probe's work.</summary>
    public double ActivationOverheadSeconds => ActivationUnderWork.MedianSeconds;

    /// <summary>
    /// The break-even task for a grain: its work W is such that the activation's overhead is
    /// <see cref="SpawnExperiment.StartShare"/> of what the task takes on a warm grain (one call plus W).
    /// </summary>
    public long BreakEvenTaskTerms => Math.Max(1, TermsFor((ActivationOverheadSeconds / SpawnExperiment.StartShare) - WarmCall.MedianSeconds));

    public IReadOnlyList<LadderStep> Ladder =>
    [
        new(SpawnExperiment.ThreadStep, Thread, ThreadTaskTerms, null),
        Step(SpawnExperiment.TaskStep, Task),
        new(SpawnExperiment.ActivationStep, Activation, BreakEvenTaskTerms, null),
        Step(SpawnExperiment.WarmCallStep, WarmCall),
        InProcessSilo is { } silo ? Step(SpawnExperiment.InProcessSiloStep, silo) : new(SpawnExperiment.InProcessSiloStep, null, null, "--silo-starts 0"),
        SiloProcess is { } process ? Step(SpawnExperiment.SiloProcessStep, process) : new(SpawnExperiment.SiloProcessStep, null, null, SiloProcessMissing),
    ];

    /// <summary>The break-even task for a thread: its work W is such that starting a thread for it is <see cref="SpawnExperiment.StartShare"/> of W.</summary>
    public long ThreadTaskTerms => Math.Max(1, TermsFor(ThreadUnderWork.MedianSeconds / SpawnExperiment.StartShare));

    public long TermsFor(double seconds) => (long)Math.Ceiling(seconds / SecondsPerTerm);

    /// <summary>A rung whose start is paid once per task and nothing else: its task's work is start / share.</summary>
    private LadderStep Step(string name, Spread cost) => new(name, cost, Math.Max(1, TermsFor(cost.MedianSeconds / SpawnExperiment.StartShare)), null);

    /// <summary>The task size of a break-even strategy.</summary>
    public long TaskTermsOf(IStrategy strategy) => strategy == SpawnExperiment.NewThreads ? ThreadTaskTerms : BreakEvenTaskTerms;
}
