using System.Diagnostics;
using System.Globalization;
using Concurrency.Abstractions;
using Concurrency.Cli;
using Concurrency.Client.Python;
using Concurrency.Client.Results;
using Concurrency.Hosting;

namespace Concurrency.Client.Experiments;

/// <summary>
/// The decision tree's "I/O-bound but simple (reading a few files): just use synchronous code. Don't overengineer."
///
/// The experiment writes its files into a temporary folder of its own and reads them right away, so every read is
/// warm: the page cache answers, and a read is a few system calls and a memory copy, not a wait on the disk. That is
/// the case the article's branch is about, and it is what is measured (a cold read would need the cache dropped,
/// which takes root). <c>sync-loop</c> is the plain code: File.ReadAllBytes in a loop. <c>async-parallel</c> starts
/// every File.ReadAllBytesAsync at once and awaits them together; <c>grain-per-file</c> fans out one call per file to a
/// stateless-worker reader, the actor's concurrency machinery. Each concurrent path pays a fixed cost a batch (starting
/// tasks or calls, joining them) and per file what it spends beyond the read; it saves what the cores it reads on in
/// parallel take off the per-file time. Its break-even count is the fixed cost over the per-file saving: below it,
/// synchronous code is faster as well as simpler.
/// </summary>
public sealed class SyncExperiment : Experiment<SyncSettings, SyncCosts, SyncFigures>
{
    // A batch of n files takes each path its fixed cost plus n times its cost a file, as fitted on 1 and 4n files.

    /// <summary>A plain loop of synchronous reads, in the caller.</summary>
    public static readonly Strategy SyncLoop = new("sync-loop", run => ReadAsync(run, ReadSync, concurrent: null), (settings, _, costs) => new(costs.Sync.Seconds(settings.Files)));

    /// <summary>Every file read with async I/O at once, awaited together.</summary>
    public static readonly Strategy AsyncParallel = new("async-parallel", run => ReadAsync(run, ReadAllAsync, run.Costs.Async), (settings, _, costs) => new(costs.Async.Seconds(settings.Files)));

    /// <summary>A grain call per file, all at once.</summary>
    public static readonly Strategy GrainPerFile = new(
        "grain-per-file", run => ReadAsync(run, Calls(run.Grains.GetGrain<IFileReaderGrain>(run.KeyBase)), run.Costs.Grains), (settings, _, costs) => new(costs.Grains.Seconds(settings.Files)));

    /// <summary>Each strategy's fastest round must lie within this factor of its fitted model, either way.</summary>
    public const double FitFactor = 2.5;

    /// <summary>
    /// What "buys nothing worth its complexity" means for a batch: a saving under a millisecond a batch, which no one
    /// waiting on a program that reads a few files can notice. The claim is judged on this absolute saving, not on a
    /// ratio of two reads of microseconds, where a few microseconds of noise would decide.
    /// </summary>
    public static readonly TimeSpan NegligibleSaving = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Who is faster is checked only where the model expects one side to take at least twice the other's time. Each
    /// round's time need only come within <see cref="FitFactor"/> of its model, and two reads of tens of microseconds
    /// move by a few microseconds between rounds: a gap the model puts closer than 2x is a ratio of microseconds that
    /// noise decides, which says nothing about where the break-even lies. Closer, it is a note.
    /// </summary>
    public const double ClearGap = 2;

    /// <summary>The break-even is checked at this factor below it and above it.</summary>
    public const double Span = 4;

    public const int MaxFiles = 10_000;

    public const int MaxFileBytes = 64 << 20;

    public const int MaxRounds = 100_000;

    /// <summary>The fewest rounds a batch gets, however big: a minimum needs a few.</summary>
    public const int MinRounds = 5;

    /// <summary>How long every path runs before the fit, so the JIT has tiered the hot code up.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(400);

    /// <summary>The most the experiment writes into its folder, break-even batches included.</summary>
    public const long MaxDiskBytes = 256L << 20;

    private static readonly Setting<int> FilesSetting = new(CliOptions.Count("--files", "How many files each strategy reads a round.", 1, MaxFiles), 4, why: "a few files, the article's case; the claim is judged on the absolute saving, so its size does not hang on microseconds");
    private static readonly Setting<int> FileBytesSetting = new(CliOptions.Count("--file-size", "Bytes in each file.", 1, MaxFileBytes), 16 << 10, why: "a small file, where a warm read is a memory copy of microseconds");
    private static readonly Setting<int> RoundsSetting = new(CliOptions.Count("--rounds", "How many times each strategy reads its files (the figure is the fastest round).", 1, MaxRounds), 300, quick: 60, why: "enough rounds that the fastest one is a read with the machine to itself");

    public override string Name => "sync";

    public override string Claim =>
        "I/O-bound but simple, reading a few files: \"just use synchronous code. Don't overengineer.\" " +
        "Here: a few warm files (just written, so the page cache answers and a read is a memory copy) read in a plain loop, against async reads in parallel and one grain call per file; " +
        "concurrency saves a negligible time (under a millisecond a batch) and pays only past the break-even count of files its fixed cost needs.";

    public override IReadOnlyList<ISetting> Settings => [FilesSetting, FileBytesSetting, RoundsSetting];

    public override IReadOnlyList<string> SoakArguments => [];

    public override IReadOnlyList<Strategy> Strategies { get; } = [SyncLoop, AsyncParallel, GrainPerFile];

    protected override IReadOnlyList<Column> Columns =>
    [
        new("µs/file", o => Judgement.F(o.Figures.MicrosecondsPerFile)),
        new("break-even", o => o.Strategy == SyncLoop ? "-" : o.Figures.BreakEvenFiles is { } b ? $"{b:0.#} files" : "never"),
        new("vs sync at n/4, 4n", o => o.Figures is { BelowBreakEven: var below, AboveBreakEven: var above } && (below ?? above) is not null
            ? $"{(below is null ? "-" : $"{below.PathOverSync:0.##}x@{below.Files}")}, {(above is null ? "-" : $"{above.PathOverSync:0.##}x@{above.Files}")}"
            : "-"),
    ];

    public override SyncSettings Bind(SettingValues values)
    {
        var settings = new SyncSettings(values.Get(FilesSetting), values.Get(FileBytesSetting), values.Get(RoundsSetting));
        if ((long)settings.FitFiles * settings.FileBytes > MaxDiskBytes)
        {
            throw new UsageException(
                $"--files {settings.Files} of --file-size {settings.FileBytes:N0} bytes needs {settings.FitFiles} files ({(long)settings.FitFiles * settings.FileBytes:N0} bytes) to fit its model, over the {MaxDiskBytes:N0} bytes the experiment may write; give fewer or smaller files.");
        }

        return settings;
    }

    /// <summary>The break-even count of files: the concurrent path's extra fixed cost over what it saves a file; null where it saves nothing a file.</summary>
    public static double? BreakEven(ReadPathFit sync, ReadPathFit concurrent)
    {
        var saved = sync.PerFileSeconds - concurrent.PerFileSeconds;
        return saved <= 0 ? null : Math.Max(0, (concurrent.FixedSeconds - sync.FixedSeconds) / saved);
    }

    /// <summary>Writes the files, then fits each path on a batch of 1 file and of <see cref="SyncSettings.FitFiles"/>.</summary>
    protected override async Task<SyncCosts> MeasureCostsAsync(ExperimentContext context, SyncSettings settings, CancellationToken cancellationToken)
    {
        var files = FileSet.Create(settings.FileBytes);
        try
        {
            var paths = files.First(settings.FitFiles);
            var grains = Calls(context.Grains.GetGrain<IFileReaderGrain>(GrainKeys.NewBase()));

            // Microseconds are measured, so every path runs a while first: the JIT recompiles hot code at its optimised
            // tier only after a pause in new compilation, and a fit taken before that would model the unoptimised code.
            var warm = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(warm) < WarmUp)
            {
                foreach (var reader in new[] { ReadSync, ReadAllAsync, grains })
                {
                    await reader(paths, cancellationToken);
                }
            }

            // The three paths take turns, round by round, so a burst of load elsewhere on the machine falls on all of them.
            var one = paths.Take(1).ToList();
            var batches = new[] { ReadSync, ReadAllAsync, grains }.SelectMany(r => new[] { (Reader: r, Paths: one), (Reader: r, Paths: paths) }).ToList();
            var best = await BestRoundsAsync(batches, settings.RoundsFor(settings.FitFiles), cancellationToken);
            ReadPathFit Fit(int path) => ReadPathFit.Through(1, best[2 * path].Seconds, settings.FitFiles, best[(2 * path) + 1].Seconds);
            return new SyncCosts(Fit(0), Fit(1), Fit(2), settings.FitFiles) { FileSet = files };
        }
        catch
        {
            files.Dispose();
            throw;
        }
    }

    protected override ValueTask ReleaseAsync(SyncCosts costs)
    {
        costs.FileSet?.Dispose();
        return ValueTask.CompletedTask;
    }

    protected override void Judge(Judgement judgement, SyncSettings settings, ClusterShape shape, SyncCosts costs, IReadOnlyList<Outcome<SyncFigures>> outcomes)
    {
        judgement.Exact(
            "bytes read a round",
            outcomes.All(o => o.Figures.EveryByteRead),
            string.Join(", ", outcomes.Select(o => $"{o.Name} {o.Figures.BytesPerRound:N0}")),
            $"{(long)settings.Files * settings.FileBytes:N0} ({settings.Files} files of {settings.FileBytes:N0} bytes) in every strategy");

        foreach (var o in outcomes)
        {
            judgement.WithinFactor($"{o.Name} round of {settings.Files} files", 1e6 * o.Seconds, 1e6 * o.Model.Seconds, FitFactor, " µs");
        }

        var sync = outcomes.Of(SyncLoop);
        var concurrent = outcomes.Where(o => o.Strategy != SyncLoop).ToList();
        if (sync is null || concurrent.Count == 0)
        {
            judgement.NotJudged($"the claim compares {SyncLoop} with a concurrent path, and only {string.Join(", ", outcomes.Select(o => o.Name))} ran");
            return;
        }

        var negligible = 1e6 * NegligibleSaving.TotalSeconds;
        foreach (var path in concurrent)
        {
            judgement.AtMost(
                $"{path.Name}'s saving over {SyncLoop} at {settings.Files} files",
                1e6 * (sync.Seconds - path.Seconds),
                1e6 * (sync.Model.Seconds - path.Model.Seconds),
                negligible,
                $"negligible: pass if <= {negligible:N0} µs a batch",
                " µs");
            var fit = Fit(path.Strategy, costs);
            if (path.Figures.BreakEvenFiles is not { } breakEven)
            {
                judgement.Note($"{path.Name} costs {1e6 * fit.PerFileSeconds:0.#} µs a file against {1e6 * costs.Sync.PerFileSeconds:0.#} µs read in the loop: at {settings.FileBytes:N0}-byte files it never pays, at any count");
                continue;
            }

            judgement.Note($"{path.Name} breaks even at {breakEven:0.#} files: {1e6 * (fit.FixedSeconds - costs.Sync.FixedSeconds):0.#} µs of fixed cost over {1e6 * (costs.Sync.PerFileSeconds - fit.PerFileSeconds):0.##} µs saved a file");
            foreach (var side in new[] { path.Figures.BelowBreakEven, path.Figures.AboveBreakEven })
            {
                if (side is not null)
                {
                    Faster(judgement, path.Name, side.Files, fit.Seconds(side.Files) / costs.Sync.Seconds(side.Files), side.PathOverSync);
                }
            }

            if (path.Figures.BelowBreakEven is null)
            {
                judgement.Note($"{path.Name}: no batch below a quarter of its break-even ({breakEven / Span:0.#} files) to check");
            }

            if (path.Figures.AboveBreakEven is null)
            {
                judgement.Note($"{path.Name}: four times its break-even ({Span * breakEven:0} files) is more than the experiment may write, so the side where it pays was not checked");
            }
        }

    }

    protected override string Why(SyncSettings settings, ClusterShape shape, SyncCosts costs) =>
        $"Reading a warm {settings.FileBytes:N0}-byte file in the loop costs {1e6 * costs.Sync.PerFileSeconds:0.#} µs: system calls and a memory copy, with nothing to wait on, so an await would hand back no time. " +
        $"Async reads in parallel cost {1e6 * costs.Async.FixedSeconds:0.#} µs a batch and {1e6 * costs.Async.PerFileSeconds:0.#} µs a file; one grain call per file {1e6 * costs.Grains.FixedSeconds:0.#} µs and {1e6 * costs.Grains.PerFileSeconds:0.#} µs " +
        $"(a message to a stateless worker, a turn on the silo, an answer). Concurrency pays only when the files saved on the {shape.CoresOfOneSilo} cores outweigh that fixed cost: " +
        $"{BreakEvenText(costs.AsyncBreakEvenFiles)} for async reads, {BreakEvenText(costs.GrainsBreakEvenFiles)} for grain calls. Below it synchronous code is faster as well as simpler.";

    public override PythonTwin? Twin(SyncSettings settings) => new(
        "sync_files.py",
        [Arg(settings.Files), Arg(settings.FileBytes), Arg(settings.Rounds)],
        $"the same {settings.Files} warm files of {settings.FileBytes:N0} bytes, fastest of {settings.Rounds} rounds: open().read() in a loop against a ThreadPoolExecutor");

    private static string Arg(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string BreakEvenText(double? files) => files is { } f ? $"from {f:0.#} files" : "never at this size";

    /// <summary>The fit of a concurrent path.</summary>
    private static ReadPathFit Fit(IStrategy strategy, SyncCosts costs) => strategy == AsyncParallel ? costs.Async : costs.Grains;

    /// <summary>Checks who is faster at <paramref name="files"/>, where the model's gap is clear of noise; notes it elsewhere.</summary>
    private static void Faster(Judgement judgement, string path, int files, double modelled, double measured)
    {
        if (modelled >= ClearGap)
        {
            judgement.AtLeast($"{path} time over {SyncLoop}'s at {files} files", measured, modelled, 1, "synchronous code is faster: pass if >= 1", "x");
        }
        else if (1 / modelled >= ClearGap)
        {
            judgement.AtLeast($"{SyncLoop} time over {path}'s at {files} files", 1 / measured, 1 / modelled, 1, "concurrency pays: pass if >= 1", "x");
        }
        else
        {
            judgement.Note($"at {files} files the model puts {path} within {ClearGap}x of {SyncLoop} ({modelled:0.##}x): too close to call apart from noise, not checked");
        }
    }

    /// <summary>
    /// The strategy's fastest round at its count of files, and for a concurrent path the batches a quarter of its
    /// break-even and four times it, each read both ways (the loop and the path), so the break-even is tested.
    /// </summary>
    private static async Task<Measured<SyncFigures>> ReadAsync(StrategyRun<SyncSettings, SyncCosts> run, Reader reader, ReadPathFit? concurrent)
    {
        var (settings, token) = (run.Settings, run.CancellationToken);
        var files = run.Costs.FileSet ?? throw new InvalidOperationException("the sync experiment's files are gone");
        var paths = files.First(settings.Files);
        BestRound measured;
        using (var progress = run.Progress(settings.Rounds))
        {
            measured = (await BestRoundsAsync([(reader, paths)], settings.Rounds, token, () => progress.Advance()))[0];
        }

        var figures = new SyncFigures(measured.Seconds, settings.Files, measured.Bytes, measured.Bytes == (long)settings.Files * settings.FileBytes);
        if (concurrent is null || BreakEven(run.Costs.Sync, concurrent) is not { } breakEven)
        {
            return new Measured<SyncFigures>(measured.Seconds, figures);
        }

        // Either side of the break-even, the loop and the path take turns on the same batch.
        async Task<SidedRun?> SideAsync(double count)
        {
            var n = (int)Math.Round(count);
            if (n < 1 || (long)n * settings.FileBytes > MaxDiskBytes || n > MaxFiles)
            {
                return null;
            }

            var batch = files.First(n);
            var both = await BestRoundsAsync([(ReadSync, batch), (reader, batch)], settings.RoundsFor(n), token);
            return new SidedRun(n, both[0].Seconds, both[1].Seconds);
        }

        var below = breakEven / Span >= 1 ? await SideAsync(Math.Floor(breakEven / Span)) : null;
        var above = await SideAsync(Math.Ceiling(Math.Max(1, breakEven) * Span));
        return new Measured<SyncFigures>(measured.Seconds, figures with { BreakEvenFiles = breakEven, BelowBreakEven = below, AboveBreakEven = above });
    }

    /// <summary>
    /// Each batch's fastest of <paramref name="rounds"/> rounds (after one untimed round each), the batches taking turns
    /// round by round. The fastest round is what the code costs with the machine to itself: load from elsewhere only
    /// ever adds to a round, so the minimum is the figure that other builds on this machine disturb least.
    /// </summary>
    private static async Task<IReadOnlyList<BestRound>> BestRoundsAsync(IReadOnlyList<(Reader Reader, IReadOnlyList<string> Paths)> batches, int rounds, CancellationToken cancellationToken, Action? advance = null)
    {
        var best = new BestRound[batches.Count];
        for (var b = 0; b < batches.Count; b++)
        {
            best[b] = new BestRound(double.PositiveInfinity, await batches[b].Reader(batches[b].Paths, cancellationToken));
        }

        for (var i = 0; i < rounds; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var b = 0; b < batches.Count; b++)
            {
                var started = Stopwatch.GetTimestamp();
                var bytes = await batches[b].Reader(batches[b].Paths, cancellationToken);
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                best[b] = new BestRound(Math.Min(seconds, best[b].Seconds), bytes);
            }

            advance?.Invoke();
        }

        return best;
    }

    /// <summary>The plain code: one file after another, File.ReadAllBytes, no task and no await.</summary>
    private static ValueTask<long> ReadSync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        long bytes = 0;
        foreach (var path in paths)
        {
            bytes += File.ReadAllBytes(path).Length;
        }

        return ValueTask.FromResult(bytes);
    }

    /// <summary>Every file's read started at once (the runtime reads them on the thread pool) and awaited together.</summary>
    private static async ValueTask<long> ReadAllAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
        (await Task.WhenAll(paths.Select(p => File.ReadAllBytesAsync(p, cancellationToken)))).Sum(b => (long)b.Length);

    /// <summary>One call per file to a stateless-worker reader, all at once: the silo reads them on as many activations as it has cores.</summary>
    private static Reader Calls(IFileReaderGrain reader) =>
        async (paths, cancellationToken) => (await Task.WhenAll(paths.Select(p => reader.Read(p, cancellationToken).AsTask()))).Sum();

    private delegate ValueTask<long> Reader(IReadOnlyList<string> paths, CancellationToken cancellationToken);

    private sealed record BestRound(double Seconds, long Bytes);
}
