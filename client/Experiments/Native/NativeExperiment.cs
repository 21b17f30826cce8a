using System.Diagnostics;
using Concurrency.Abstractions;
using Concurrency.Cli;
using Concurrency.Client.Cluster;
using Concurrency.Client.Results;
using Concurrency.Hosting;

namespace Concurrency.Client.Experiments;

/// <summary>
/// "NumPy releases the GIL internally": its C loops run while other Python threads go on. In actor terms the kernel
/// runs outside the turn: a reentrant grain awaits it on a thread of its own, and meanwhile the same activation keeps
/// answering other requests. Crunched inside the turn, every other request waits for the kernel.
/// </summary>
public sealed class NativeExperiment : Experiment<NativeSettings, NativeCosts, NativeFigures>
{
    // Both strategies take the kernels one after another, each a kernel's time K plus one round trip (KernelsSeconds).

    /// <summary>
    /// The kernel crunched in the turn: the activation is held for K at a time with one round trip free between (the
    /// next kernel call's way in), so a ping waits as <see cref="HeldActivation"/> says, on top of the idle floor.
    /// </summary>
    public static readonly Strategy InTurn = new("in-turn", run => CrunchWhilePingedAsync(run, g => g.CrunchInTurn), (settings, _, costs) => new(
        KernelsSeconds(settings, costs),
        costs.IdleP50Ms + HeldActivation.WaitMs(0.50, costs.KernelSeconds * 1e3, costs.IdleP50Ms),
        costs.IdleP99Ms + HeldActivation.WaitMs(0.99, costs.KernelSeconds * 1e3, costs.IdleP50Ms)));

    /// <summary>The kernel awaited on a thread of its own: the activation is never held, so the pings stay at the floor.</summary>
    public static readonly Strategy Released = new("released", run => CrunchWhilePingedAsync(run, g => g.CrunchReleased), (settings, _, costs) =>
        new(KernelsSeconds(settings, costs), costs.IdleP50Ms, costs.IdleP99Ms));

    /// <summary>In the turn, p99 must lie within this factor of its model, either way.</summary>
    public const double InTurnTolerance = 2.0;

    /// <summary>Released, p99 may exceed the idle floor by at most this share of one kernel: no ping may have waited out a kernel.</summary>
    public const double ReleasedShareOfKernel = 0.5;

    public const int MaxKernels = 1_000;

    public const int MaxRate = 1_000;

    /// <summary>About 3 s of the scalar loop: a ping that waits out a kernel in the turn stays far under the 30 s response timeout.</summary>
    public const long MaxKernelTerms = 2_000_000_000;

    /// <summary>All the kernels together: about 30 s a strategy.</summary>
    public const long MaxTotalTerms = 20_000_000_000;

    public const int IdlePings = 100;

    private static readonly Setting<int> Kernels = new(CliOptions.Count("--kernels", "How many kernel calls, one after another.", 1, MaxKernels), 8, quick: 4, why: "several kernel calls, each long against a ping, so the pings' p99 shows the turn held or released");
    private static readonly Setting<long> Terms = new(CliOptions.LongCount("--terms", "Leibniz terms one kernel call sums (e.g. 100000000).", 1, MaxKernelTerms), 100_000_000L, quick: 30_000_000L, why: "a kernel of tens of milliseconds or more, far longer than a ping's round trip");
    private static readonly Setting<int> Rate = new(CliOptions.Count("--rate", "Pings sent to the activation per second while the kernels run.", 1, MaxRate), 200, why: "a ping every 5 ms, so many pings fall inside each kernel call");

    public override string Name => "native";

    public override string Claim =>
        "\"NumPy releases the GIL internally\", so its C code runs while other threads go on. " +
        "Here: a kernel awaited on a thread of its own leaves the activation free, and other requests to it answer at the idle floor; crunched in the turn, they wait for the kernel.";

    public override IReadOnlyList<ISetting> Settings => [Kernels, Terms, Rate];

    public override IReadOnlyList<string> SoakArguments => [];

    public override IReadOnlyList<Strategy> Strategies { get; } = [InTurn, Released];

    protected override IReadOnlyList<Column> Columns =>
    [
        new("ping p50", o => $"{o.Figures.P50Ms:0.#} ms"),
        new("ping p99 (model)", o => $"{o.Figures.P99Ms:0.#} ms ({o.Model.P99Ms:0.#})"),
        new("kernel", o => $"{o.Figures.MeanKernelSeconds * 1e3:0.#} ms"),
    ];

    public override NativeSettings Bind(SettingValues values)
    {
        var settings = new NativeSettings(values.Get(Kernels), values.Get(Terms), values.Get(Rate));
        if ((double)settings.Kernels * settings.Terms > MaxTotalTerms)
        {
            throw new UsageException(
                $"--kernels {settings.Kernels} of --terms {settings.Terms:N0} is {(double)settings.Kernels * settings.Terms:N0} terms, over the {MaxTotalTerms:N0} (about 30 s a strategy) allowed; give fewer or smaller kernels.");
        }

        return settings;
    }

    protected override async Task<NativeCosts> MeasureCostsAsync(ExperimentContext context, NativeSettings settings, CancellationToken cancellationToken)
    {
        var (sum, first) = await Measure.SecondsAsync(() => Task.FromResult(LeibnizKernel.Sum(settings.Range)));
        var (_, second) = await Measure.SecondsAsync(() => Task.FromResult(LeibnizKernel.Sum(settings.Range)));
        var grain = context.Grains.GetGrain<INativeKernelGrain>(GrainKeys.NewBase());
        var idle = await Pinging.IdleAsync(grain.Ping, IdlePings, Math.Max(settings.Rate, 500), cancellationToken);
        return new NativeCosts(Math.Min(first, second), sum, Latencies.Percentile(idle, 0.50), Latencies.Percentile(idle, 0.99));
    }

    /// <summary>
    /// Runs the kernels one after another on one activation while pinging it, and times the pings. The paths run once
    /// on a one-term range before the clock starts.
    ///
    /// A kernel is a pure sum and a ping does nothing, so every call goes through the resend path keyed (kernels 0,
    /// pings 1, warm-up 2; its number): should the silo holding the activation die, the calls it held are sent again
    /// and Orleans activates the grain anew on a live silo. The race costs microseconds a call, far under the
    /// milliseconds a ping's wait for a turn is judged in.
    /// </summary>
    private static async Task<Measured<NativeFigures>> CrunchWhilePingedAsync(
        StrategyRun<NativeSettings, NativeCosts> run, Func<INativeKernelGrain, Func<TermRange, CancellationToken, ValueTask<double>>> kernelOf)
    {
        var (settings, token) = (run.Settings, run.CancellationToken);
        var grain = run.Grains.GetGrain<INativeKernelGrain>(run.KeyBase);
        var units = await run.ResendingAsync();
        var sent = -1L;
        ValueTask Ping() => new(units.ResendAsync(new WorkKey(1, Interlocked.Increment(ref sent)), grain, static async (g, _) => { await g.Ping(); return true; }, token));
        Task<double> Kernel(WorkKey key, TermRange range) => units.ResendAsync(key, grain, (g, t) => kernelOf(g)(range, t).AsTask(), token);
        await units.ResendAsync(new WorkKey(2, 1), grain, static async (g, _) => { await g.Ping(); return true; }, token);
        await Kernel(new WorkKey(2, 0), new TermRange(0, 1));

        using var progress = run.Progress(settings.Kernels);
        var started = Stopwatch.GetTimestamp();
        var kernels = RunKernelsAsync();
        var pings = await Pinging.WhileAsync(Ping, kernels, settings.Rate, token);
        var (sums, kernelSeconds) = await kernels;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new Measured<NativeFigures>(seconds, new NativeFigures(
            Math.Round(Latencies.Percentile(pings, 0.50), 2),
            Math.Round(Latencies.Percentile(pings, 0.99), 2),
            pings.Count > 0 ? Math.Round(pings[^1], 2) : double.NaN,
            pings.Count,
            sums.Count,
            sums.All(s => s.Equals(run.Costs.LocalSum)),
            kernelSeconds / settings.Kernels));

        async Task<(List<double> Sums, double Seconds)> RunKernelsAsync()
        {
            var results = new List<double>();
            var crunching = 0.0;
            for (var k = 0; k < settings.Kernels; k++)
            {
                var key = new WorkKey(0, k);
                var (sum, took) = await Measure.SecondsAsync(() => Kernel(key, settings.Range));
                results.Add(sum);
                crunching += took;
                progress.Advance();
            }

            return (results, crunching);
        }
    }

    private static double KernelsSeconds(NativeSettings settings, NativeCosts costs) => settings.Kernels * (costs.KernelSeconds + (costs.IdleP50Ms / 1e3));

    protected override void Judge(Judgement judgement, NativeSettings settings, ClusterShape shape, NativeCosts costs, IReadOnlyList<Outcome<NativeFigures>> outcomes)
    {
        judgement.Exact(
            "every kernel's sum",
            outcomes.All(o => o.Figures.SameAsLocalRun && o.Figures.Kernels == settings.Kernels),
            string.Join(", ", outcomes.Select(o => $"{o.Name} {o.Figures.Kernels} kernel(s){(o.Figures.SameAsLocalRun ? "" : ", not the local sum")}")),
            $"{settings.Kernels} kernel(s) a strategy, each the local run's sum to the last bit");

        var inTurn = outcomes.Of(InTurn);
        var released = outcomes.Of(Released);
        if (inTurn is null || released is null)
        {
            judgement.NotJudged($"the claim compares {InTurn} with {Released}, and only {(outcomes.Count > 0 ? outcomes[0].Name : "neither")} ran");
            return;
        }

        if (shape.CoresOfOneSilo < 2)
        {
            judgement.NotJudged("one core: the released kernel and the pings' turns share it, so releasing the activation cannot free a core for them");
            return;
        }

        judgement.WithinFactor($"{InTurn} ping p99", inTurn.Figures.P99Ms, inTurn.Model.P99Ms!.Value, InTurnTolerance, " ms");
        var kernelMs = costs.KernelSeconds * 1e3;
        var bound = released.Model.P99Ms!.Value + (ReleasedShareOfKernel * kernelMs);
        judgement.AtMost(
            $"{Released} ping p99",
            released.Figures.P99Ms,
            released.Model.P99Ms!.Value,
            bound,
            $"pass if <= the idle p99 + {ReleasedShareOfKernel:0.##} of a kernel ({Judgement.F(kernelMs)} ms) = {Judgement.F(bound)} ms: no ping waited out a kernel",
            " ms");
        judgement.Note($"releasing the kernel cut the pings' p99 {inTurn.Figures.P99Ms / Math.Max(released.Figures.P99Ms, 0.01):0.#}x");
    }

    protected override string Why(NativeSettings settings, ClusterShape shape, NativeCosts costs) =>
        $"One kernel is {settings.Terms:N0} terms, {costs.KernelSeconds * 1e3:0.#} ms here in the caller; an idle activation answers a ping in {costs.IdleP50Ms:0.#} ms (p99 {costs.IdleP99Ms:0.#} ms). " +
        "The grain is reentrant, so it takes other calls at every await, but a turn is never interrupted: crunched in the turn, the kernel holds the activation and every ping that arrives waits for the rest of it, as Python threads wait for pure-Python code holding the GIL. " +
        "Awaited on a thread of its own, the kernel runs on another core outside the turn, the way NumPy drops the GIL around its C loop, and the pings run in turns meanwhile, at the idle floor. " +
        "That is safe only because the kernel touches no grain state.";
}
