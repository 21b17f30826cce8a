using Concurrency.Abstractions;
using Concurrency.Cli;
using Concurrency.Client.Experiments.Isolation;
using Concurrency.Client.Results;
using Concurrency.Hosting;

namespace Concurrency.Client.Experiments;

/// <summary>
/// The article's subinterpreters: Python 3.12's interpreters in one process are "lighter than processes but without
/// the GIL contention". The actor analogue is several silos in one process, each with its own scheduler and no grain
/// state shared. Three ways to get isolated workers, each with its start cost and the cost of a message to one:
/// grains in one silo, silos in one process, silo processes.
/// </summary>
public sealed class SubinterpretersExperiment : Experiment<SubinterpretersSettings, PayloadCosts, SubinterpretersFigures>
{
    public static readonly Strategy GrainsInOneSilo = Way("grains-in-one-silo", PayloadPath.SameSiloCopied);
    public static readonly Strategy SilosInOneProcess = Way("silos-in-one-process", PayloadPath.SiloInProcess);
    public static readonly Strategy SiloProcesses = Way("silo-processes", PayloadPath.SiloProcess);

    /// <summary>"Lighter than processes": a silo process must take at least this many times a silo in this process to start.</summary>
    public const double LighterFactor = 1.5;

    private static readonly Setting<int> Starts = new(CliOptions.Count("--starts", "Starts timed per way (grain activations: ten times as many).", 1, 20), 3, quick: 1);
    private static readonly Setting<int> Bytes = new(CliOptions.Count("--bytes", $"Bytes of the message sent to a worker, strictly between the two sizes its line is fitted on: on this machine {Ranges}.", 1, (int)CopySegments.LadderTop), 16 << 10);
    private static readonly Setting<int> Calls = new(CliOptions.Count("--calls", "Messages timed per way.", 3, 10_000), 41, quick: 15, why: "enough messages per way for a steady median");
    private static readonly Setting<int> Processes = new(CliOptions.Count("--silo-processes", "1 starts silo processes for the silo-processes way; 0 skips it (a silo process takes seconds to start).", 0, 1), 1, quick: 0);

    public override string Name => "subinterpreters";

    public override string Claim =>
        "Python 3.12's subinterpreters are \"lighter than processes but without the GIL contention\". Here: silos in one process start " +
        "lighter than silo processes, each with its own scheduler, and share no state: a message to one is a copy.";

    public override IReadOnlyList<ISetting> Settings => [Starts, Bytes, Calls, Processes];

    public override IReadOnlyList<string> SoakArguments => [];

    public override IReadOnlyList<Strategy> Strategies { get; } = [GrainsInOneSilo, SilosInOneProcess, SiloProcesses];

    protected override IReadOnlyList<Column> Columns =>
    [
        new("start", o => o.Figures.Start is { } s ? $"{Judgement.F(s.MedianMs)} ms" : "not measured"),
        new("message (line)", o => o.Figures.Message is { Ms: var ms, ModelMs: { } line } ? $"{Judgement.F(ms * 1e3)} µs ({Judgement.F(line * 1e3)})" : "-"),
        new("received", o => o.Figures.Message is null ? "-" : o.Figures.Copied ? o.Figures.OtherProcess ? "copy, other process" : "copy" : "the sender's array"),
    ];

    /// <summary>
    /// The way whose messages go along <paramref name="path"/>: one message of the chosen size, as its rehearsal took
    /// (a way not rehearsed is predicted at zero). The silo-process way is left out with <c>--silo-processes 0</c>
    /// (as <c>--quick</c> does): its silo takes seconds to start.
    /// </summary>
    private static Strategy Way(string name, PayloadPath path) => new(
        name, run => WayAsync(run, path), (settings, _, costs) => new(costs.Of(path) is { } rehearsal ? rehearsal.MsAt(settings.Bytes) / 1e3 : 0))
    {
        SkipReason = settings => PayloadCosts.Skipped(path, settings.SiloProcess),
    };

    /// <summary>The path <paramref name="strategy"/>'s messages go along.</summary>
    public static PayloadPath PathOf(IStrategy strategy) =>
        strategy == GrainsInOneSilo ? PayloadPath.SameSiloCopied
        : strategy == SilosInOneProcess ? PayloadPath.SiloInProcess
        : strategy == SiloProcesses ? PayloadPath.SiloProcess
        : throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "not a subinterpreters strategy");

    /// <summary>The sizes <c>--bytes</c> may take on this machine: strictly inside a segment's two end sizes, segment by segment.</summary>
    private static string Ranges => string.Join(", ", CopySegments.Ladder(CopySegments.LadderTop)
        .Select(CopySegments.ThisMachine.EndsOn).OfType<(long Low, long High)>().Distinct().Where(e => e.High - e.Low > 1)
        .Select(e => $"{e.Low + 1:N0} to {e.High - 1:N0}"));

    public override SubinterpretersSettings Bind(SettingValues values)
    {
        var settings = new SubinterpretersSettings(values.Get(Starts), values.Get(Bytes), values.Get(Calls), values.Get(Processes) == 1 && values.Runs(SiloProcesses));
        return settings.FitSizes is var (low, high) && settings.Bytes > low && settings.Bytes < high
            ? settings
            : throw new UsageException(settings.FitSizes is var (l, h)
                ? $"--bytes {settings.Bytes:N0} must lie strictly between the two sizes its message line is fitted on, {l:N0} and {h:N0}, so the line predicts a size it was not fitted on (on this machine: {Ranges})."
                : $"--bytes {settings.Bytes:N0}: no two sizes of its segment ({settings.Boundaries.Describe(settings.Boundaries.Of(settings.Bytes))}) to fit a line on (on this machine: {Ranges}).");
    }

    /// <summary>The rig the chosen paths need, then each path rehearsed at every size.</summary>
    protected override Task<PayloadCosts> MeasureCostsAsync(ExperimentContext context, SubinterpretersSettings settings, CancellationToken cancellationToken) =>
        PayloadCosts.MeasureAsync(settings.SiloProcess, Strategies.Select(PathOf), settings.Sizes, cancellationToken);

    protected override ValueTask ReleaseAsync(PayloadCosts costs) => costs.ReleaseAsync();

    /// <summary>Times the way's start (a fresh activation, a silo here, a silo process), then its messages, on the rig.</summary>
    private static async Task<Measured<SubinterpretersFigures>> WayAsync(StrategyRun<SubinterpretersSettings, PayloadCosts> run, PayloadPath path)
    {
        var rig = run.Costs.Rig!;
        if (!rig.Has(path))
        {
            return new Measured<SubinterpretersFigures>(0, new SubinterpretersFigures(run.Strategy.Name, null, null, null, false, false));
        }

        var next = run.KeyBase;
        var start = path switch
        {
            PayloadPath.SiloInProcess => await SiloStarts.TimeInProcessAsync(run.Settings.Starts, run.CancellationToken),
            PayloadPath.SiloProcess => await SiloStarts.TimeProcessAsync(run.Settings.Starts, run.CancellationToken),
            _ => await Spread.TimeAsync(10 * run.Settings.Starts, () => rig.Home.Grains.GetGrain<INumberCruncherGrain>(next++).SumTerms(new TermRange(0, 0), run.CancellationToken).AsTask()),
        };
        var sizes = run.Settings.Sizes;
        using var progress = run.Progress(sizes.Count * PayloadTimer.Rounds);
        var (timings, seconds) = await Measure.SecondsAsync(() => PayloadTimer.SweepAsync(rig, path, sizes, run.Settings.Calls, () => progress.Advance(), run.CancellationToken));
        var line = PathLines.Fit(path, timings, run.Settings.Boundaries).For(run.Settings.Bytes)!;
        var message = timings[1];
        return new Measured<SubinterpretersFigures>(seconds, new SubinterpretersFigures(
            run.Strategy.Name, start, new SizePoint(message.Bytes, message.Ms, message.Calls, line.PredictMs(message.Bytes), Fitted: false), line, !message.SameArray, message.OtherProcess));
    }

    protected override void Judge(Judgement judgement, SubinterpretersSettings settings, ClusterShape shape, PayloadCosts costs, IReadOnlyList<Outcome<SubinterpretersFigures>> outcomes)
    {
        foreach (var o in outcomes)
        {
            if (o.Figures.Message is not { } message)
            {
                if (settings.SiloProcess)
                {
                    judgement.NotJudged($"{o.Name} was not measured: {costs.SiloProcessMissing}");
                }
                else
                {
                    judgement.Note($"{o.Name} not measured: {costs.SiloProcessMissing}");
                }

                continue;
            }

            var path = PathOf(o.Strategy);
            judgement.Exact(
                $"{o.Name}: what the worker received",
                o.Figures.Copied && o.Figures.OtherProcess == (path == PayloadPath.SiloProcess),
                $"{(o.Figures.Copied ? "a copy" : "the sender's own array")}, {(o.Figures.OtherProcess ? "in another process" : "in this process")}",
                $"a copy (no state shared), {(path == PayloadPath.SiloProcess ? "in another process" : "in this process")}");
            judgement.WithinFactor($"{o.Name}: a {settings.Bytes:N0}-byte message (p10)", message.Ms, message.ModelMs ?? 0, CommunicationExperiment.Tolerance, " ms");
            judgement.Note($"{o.Name}: start {o.Figures.Start}; message {message.Calls}; line {o.Figures.Line} (fitted on {o.Figures.Line?.SmallBytes:N0} and {o.Figures.Line?.LargeBytes:N0} bytes)");
        }

        var silos = outcomes.Of(SilosInOneProcess)?.Figures.Start;
        var processes = outcomes.Of(SiloProcesses)?.Figures.Start;
        if (silos is not null && processes is not null)
        {
            var ratio = processes.MedianMs / silos.MedianMs;
            judgement.AtLeast($"{SiloProcesses} start over {SilosInOneProcess} start", ratio, ratio, LighterFactor, $"\"lighter than processes\": pass if >= {LighterFactor}x", "x");
        }
        else if (settings.SiloProcess || silos is null)
        {
            judgement.NotJudged($"\"lighter than processes\" compares {SilosInOneProcess} with {SiloProcesses}, and not both were measured");
        }
    }

    protected override string Why(SubinterpretersSettings settings, ClusterShape shape, PayloadCosts costs) =>
        "A grain is the lightest isolated worker: an activation, started by its first call, that shares no state with the others but its silo's scheduler. " +
        "A silo in this process is a subinterpreter: its own scheduler, directory and grains, sharing the process's runtime and heap but no state, and " +
        "messages to it are serialized over TCP like messages to another process. A silo process adds a whole .NET runtime to start: " +
        "the isolation costs the same per message, and more to start.";
}
