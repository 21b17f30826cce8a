using Concurrency.Cli;
using Concurrency.Client.Experiments.Isolation;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// The article's "communication between processes is expensive. You can't just share variables": a payload swept
/// from 1 KiB to 16 MiB along four paths from one silo. Inside the silo, bytes marked [Immutable] go by reference
/// (shared, as threads share) and unmarked bytes are deep-copied; to another silo, in this process or another, they
/// are serialized over loopback TCP whatever their mark. Each path's sweep is fitted as a fixed cost plus bytes over
/// bandwidth, a line per segment of sizes where a copy's cost a byte is the same (<see cref="CopySegments"/>), each
/// through its segment's two end sizes, and each line must predict the sizes between.
/// </summary>
public sealed class CommunicationExperiment : Experiment<CommunicationSettings, PayloadCosts, CommunicationFigures>
{
    public static readonly Strategy SameSiloImmutable = Along("same-silo-immutable", PayloadPath.SameSiloShared);
    public static readonly Strategy SameSiloCopied = Along("same-silo-copied", PayloadPath.SameSiloCopied);
    public static readonly Strategy SilosInOneProcess = Along("silos-in-one-process", PayloadPath.SiloInProcess);
    public static readonly Strategy SiloProcesses = Along("silo-processes", PayloadPath.SiloProcess);

    /// <summary>
    /// A size the line was not fitted on must be predicted within this factor, either way: the sweep spans a
    /// thousandfold in time, and a loaded machine moves a 100 µs call by half again.
    /// </summary>
    public const double Tolerance = 2.0;

    /// <summary>
    /// Orleans closes a connection whose message body passes MessagingOptions.MaxMessageBodySize, 100 MB by default:
    /// the largest payload stays well under it, so no size is chunked and the default is left alone.
    /// </summary>
    public const int MaxLargest = 64 << 20;

    /// <summary>At the largest size a process must cost at least this many by-reference calls: copying is what sharing saves.</summary>
    public const double ProcessOverShared = 10;

    private static readonly Setting<int> Largest = new(CliOptions.Count("--largest", "The largest payload in bytes (from 1 KiB, twice as large each step).", 16 << 10, MaxLargest), 16 << 20, quick: 8 << 20, why: "megabyte payloads, where a copy costs milliseconds and dwarfs a call's fixed cost");
    private static readonly Setting<int> Processes = new(CliOptions.Count("--silo-processes", "1 starts a silo process for the silo-processes path; 0 skips it (a silo process takes seconds to start).", 0, 1), 1, quick: 0);
    private static readonly Setting<int> Calls = new(CliOptions.Count("--calls", "Timed calls per size (fewer for large payloads, at least 5).", 3, 10_000), 21, why: "enough calls per size for a steady median");

    public override string Name => "communication";

    public override string Claim =>
        "\"Communication between processes is expensive. You can't just share variables.\" Here: a message's cost is a fixed part plus bytes over bandwidth, " +
        "by reference inside a silo, copied or serialized elsewhere.";

    public override IReadOnlyList<ISetting> Settings => [Largest, Calls, Processes];

    public override IReadOnlyList<string> SoakArguments => [];

    public override IReadOnlyList<Strategy> Strategies { get; } = [SameSiloImmutable, SameSiloCopied, SilosInOneProcess, SiloProcesses];

    protected override IReadOnlyList<Column> Columns =>
    [
        new("smallest", o => o.Figures.Points is [var first, ..] ? $"{Judgement.F(first.Ms * 1e3)} µs" : "not measured"),
        new("largest", o => o.Figures.Points is [.., var last] ? $"{Judgement.F(last.Ms)} ms" : "-"),
        new("farthest from its line", o => o.Figures.Points.Where(p => p is { Fitted: false, ModelMs: not null }).MaxBy(p => Math.Abs(Math.Log(p.Ms / p.ModelMs!.Value))) is { } worst ? $"{worst.Bytes:N0} B: {Judgement.F(worst.Ms)} ms ({Judgement.F(worst.ModelMs!.Value)})" : "-"),
        new("passed as", o => o.Figures.Points.Count == 0 ? "-" : o.Figures.SameArray ? "reference" : o.Figures.OtherProcess ? "copy, other process" : "copy"),
    ];

    /// <summary>
    /// The strategy that sweeps <paramref name="path"/>: each size's timed calls at what the rehearsal measured for
    /// that size (a path not rehearsed is predicted at zero). The silo-process path is left out with
    /// <c>--silo-processes 0</c> (as <c>--quick</c> does): its silo takes seconds to start.
    /// </summary>
    private static Strategy Along(string name, PayloadPath path) => new(
        name,
        run => SweepAsync(run, path),
        (settings, _, costs) => new(costs.Of(path) is { } rehearsal ? settings.Sizes.Sum(size => PayloadTimer.SweepCallsFor(size, settings.Calls) * rehearsal.MsAt(size)) / 1e3 : 0))
    {
        SkipReason = settings => PayloadCosts.Skipped(path, settings.SiloProcess),
    };

    /// <summary>The path <paramref name="strategy"/> sweeps.</summary>
    public static PayloadPath PathOf(IStrategy strategy) =>
        strategy == SameSiloImmutable ? PayloadPath.SameSiloShared
        : strategy == SameSiloCopied ? PayloadPath.SameSiloCopied
        : strategy == SilosInOneProcess ? PayloadPath.SiloInProcess
        : strategy == SiloProcesses ? PayloadPath.SiloProcess
        : throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "not a communication strategy");

    public override CommunicationSettings Bind(SettingValues values) => new(values.Get(Largest), values.Get(Calls), values.Get(Processes) == 1 && values.Runs(SiloProcesses));

    /// <summary>The rig the chosen paths need, then each path rehearsed at every size.</summary>
    protected override Task<PayloadCosts> MeasureCostsAsync(ExperimentContext context, CommunicationSettings settings, CancellationToken cancellationToken) =>
        PayloadCosts.MeasureAsync(settings.SiloProcess, Strategies.Select(PathOf), settings.Sizes, cancellationToken);

    protected override ValueTask ReleaseAsync(PayloadCosts costs) => costs.ReleaseAsync();

    /// <summary>
    /// Every size along one path in interleaved rounds, then the path's two lines through sizes of this very sweep:
    /// fitted and predicted sizes are timed side by side, so what a line is judged on is how bytes cost, not how the
    /// machine drifted between a fit and a sweep. A path with no silo behind it measures nothing.
    /// </summary>
    private static async Task<Measured<CommunicationFigures>> SweepAsync(StrategyRun<CommunicationSettings, PayloadCosts> run, PayloadPath path)
    {
        var rig = run.Costs.Rig!;
        if (!rig.Has(path))
        {
            return new Measured<CommunicationFigures>(0, new CommunicationFigures(run.Strategy.Name, null, [], false, false));
        }

        var sizes = run.Settings.Sizes;
        using var progress = run.Progress(sizes.Count * PayloadTimer.Rounds);
        var (timings, seconds) = await Measure.SecondsAsync(() => PayloadTimer.SweepAsync(rig, path, sizes, run.Settings.Calls, () => progress.Advance(), run.CancellationToken));
        var lines = PathLines.Fit(path, timings, run.Costs.Segments);
        var points = timings.Select(t => new SizePoint(t.Bytes, t.Ms, t.Calls, lines.For(t.Bytes)?.PredictMs(t.Bytes), lines.Fitted(t.Bytes))).ToList();
        return new Measured<CommunicationFigures>(seconds, new CommunicationFigures(run.Strategy.Name, lines, points, timings.All(t => t.SameArray), timings.All(t => t.OtherProcess)));
    }

    protected override void Judge(Judgement judgement, CommunicationSettings settings, ClusterShape shape, PayloadCosts costs, IReadOnlyList<Outcome<CommunicationFigures>> outcomes)
    {
        var measured = outcomes.Where(o => o.Figures.Points.Count > 0).ToList();
        foreach (var o in outcomes.Where(o => o.Figures.Points.Count == 0))
        {
            // Skipped on purpose (--silo-processes 0, as --quick does) is said; a silo program that cannot start leaves the claim unjudged.
            if (settings.SiloProcess)
            {
                judgement.NotJudged($"{o.Name} was not measured: {costs.SiloProcessMissing}");
            }
            else
            {
                judgement.Note($"{o.Name} not measured: {costs.SiloProcessMissing}");
            }
        }

        if (measured.Count == 0)
        {
            judgement.NotJudged("no path was measured");
            return;
        }

        foreach (var o in measured)
        {
            var path = PathOf(o.Strategy);
            var byReference = path == PayloadPath.SameSiloShared;
            judgement.Exact(
                $"{o.Name}: what the receiver got",
                o.Figures.SameArray == byReference && o.Figures.OtherProcess == (path == PayloadPath.SiloProcess),
                $"{(o.Figures.SameArray ? "the caller's own array" : "a copy")}, {(o.Figures.OtherProcess ? "in another process" : "in this process")}",
                $"{(byReference ? "the caller's own array" : "a copy")}, {(path == PayloadPath.SiloProcess ? "in another process" : "in this process")}");
            judgement.Note($"{o.Name}: {o.Figures.Lines}");
            foreach (var point in o.Figures.Points.Where(p => !p.Fitted))
            {
                if (point.ModelMs is { } model)
                {
                    judgement.WithinFactor($"{o.Name} at {point.Bytes:N0} bytes (p10)", point.Ms, model, Tolerance, " ms");
                }
                else
                {
                    judgement.Note($"{o.Name} at {point.Bytes:N0} bytes: {Judgement.F(point.Ms)} ms, the only size {costs.Segments.Describe(costs.Segments.Of(point.Bytes))}, so no line predicts it");
                }
            }
        }

        var shared = measured.Of(SameSiloImmutable);
        // Without a silo process, the other silo of this process stands in: its bytes are serialized over TCP just the same.
        var process = measured.Of(SiloProcesses) ?? measured.Of(SilosInOneProcess);
        if (shared is not null && process is not null)
        {
            var ratio = process.Figures.Points[^1].Ms / shared.Figures.Points[^1].Ms;
            var model = (process.Figures.Points[^1].ModelMs ?? process.Figures.Points[^1].Ms) / (shared.Figures.Points[^1].ModelMs ?? shared.Figures.Points[^1].Ms);
            judgement.AtLeast($"{process.Name} over {SameSiloImmutable} at {settings.Sizes[^1]:N0} bytes", ratio, model, ProcessOverShared, $"expensive against sharing: pass if >= {ProcessOverShared:0}x", "x");
        }
        else
        {
            judgement.NotJudged($"the claim compares {SiloProcesses} (or {SilosInOneProcess}) with {SameSiloImmutable}, and not both were measured");
        }
    }

    protected override string Why(CommunicationSettings settings, ClusterShape shape, PayloadCosts costs) =>
        "A grain owns its state and shares nothing, so a message carries its bytes. Inside one silo, bytes marked [Immutable] are handed over by reference " +
        "(the receiver promises not to change them: that is sharing a variable), and unmarked bytes are deep-copied; to another silo they are serialized " +
        "and sent over TCP, even between two silos of one process, since each silo is a runtime of its own. " +
        $"A copy's cost a byte changes at {CopySegments.LargeObjectBytes:N0} bytes, where .NET puts an array on the large-object heap, " +
        (costs.Segments.InCacheUpTo is { } inCache ? $"and again past {inCache:N0} bytes, where a payload and its copy no longer fit together in the core's {costs.Segments.CoreCacheBytes:N0}-byte cache, " : "") +
        "so each path has a line per segment of sizes, fitted on its smallest and largest size of the sweep, timed in rounds beside the sizes it predicts. Orleans allows message bodies up to 100 MB by default, so no payload here is chunked.";
}
