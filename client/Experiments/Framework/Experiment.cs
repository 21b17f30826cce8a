using Concurrency.Abstractions.Logging;
using Concurrency.Abstractions.Tracing;
using Concurrency.Cli;
using Concurrency.Client.Cluster;
using Concurrency.Client.Python;
using Concurrency.Client.Results;
using Concurrency.Hosting;

namespace Concurrency.Client.Experiments;

/// <summary>
/// The contract every experiment follows. An experiment supplies its claim, its settings, its strategies (each a
/// value with its run and its own model, a pure function of the settings, the cluster's shape and the costs it
/// measured first), a judge and a short paragraph of why; this class owns the loop: it measures the costs, runs the chosen strategies
/// one after another (so each is timed on a silo busy with it alone), gives each a fresh key range and its progress
/// label, records each as it finishes (so a run cut short still reports it), evaluates the models and builds the
/// verdict and the terminal's columns.
/// </summary>
public abstract partial class Experiment<TSettings, TCosts, TFigures> : IExperiment
    where TSettings : ExperimentSettings
    where TCosts : MeasuredCosts
    where TFigures : StrategyFigures
{
    public abstract string Name { get; }

    public abstract string Claim { get; }

    /// <summary>The strategies, in the order they run: each a value that owns its run and its model (see <see cref="Strategy"/>).</summary>
    public abstract IReadOnlyList<Strategy> Strategies { get; }

    IReadOnlyList<IStrategy> IExperiment.Strategies => Strategies;

    /// <summary>The strategy named <paramref name="name"/> on the command line.</summary>
    public Strategy Named(string name) => Choose([name])[0];

    public abstract IReadOnlyList<ISetting> Settings { get; }

    public abstract IReadOnlyList<string> SoakArguments { get; }

    /// <summary>The figures the claim is about, as the terminal's columns beside expected and measured.</summary>
    protected abstract IReadOnlyList<Column> Columns { get; }

    /// <summary>Reads the settings from the command line; throws <see cref="UsageException"/> on values it cannot run.</summary>
    public abstract TSettings Bind(SettingValues values);

    /// <summary>Measures the unit costs the models take (T1, one call's overhead), before any strategy runs.</summary>
    protected abstract Task<TCosts> MeasureCostsAsync(ExperimentContext context, TSettings settings, CancellationToken cancellationToken);

    /// <summary>Adds the checks that decide the claim, or says why it cannot be judged from these strategies.</summary>
    protected abstract void Judge(Judgement judgement, TSettings settings, ClusterShape shape, TCosts costs, IReadOnlyList<Outcome<TFigures>> outcomes);

    /// <summary>Why the figures come out as they do, in actor terms: one short paragraph.</summary>
    protected abstract string Why(TSettings settings, ClusterShape shape, TCosts costs);

    /// <summary>
    /// The article's own Python code for the same claim, with sizes derived from <paramref name="settings"/>, or null
    /// where the experiment has none. With <c>--python</c> the base runs it after the strategies, on the same machine
    /// in the same run, and reports its rows beside the actor figures.
    /// </summary>
    public virtual PythonTwin? Twin(TSettings settings) => null;

    /// <summary>
    /// How many rounds the strategies are sampled for: each round runs every chosen strategy once, and the checks are
    /// decided on the interval of their rounds' figures. Sampling stops once no check is too noisy, or at the most
    /// rounds. A strategy run alone runs one round: nothing compares its speed, and what happened in its one run (a
    /// silo cut off mid-run, chunks redone) is then exactly what the result shows.
    /// </summary>
    protected virtual Sampling Sampling => Sampling.Default;

    /// <summary>
    /// The figures a strategy's result shows: its median round's (<paramref name="typical"/>), with what every round must
    /// get right taken from all of them, so a wrong result in another round still shows.
    /// </summary>
    protected internal virtual TFigures Merge(TFigures typical, IReadOnlyList<TFigures> runs) => typical;

    public IPreparedExperiment Prepare(SettingValues values)
    {
        var strategies = Choose(values.Strategies);
        return new Prepared(this, Bind(values), strategies);
    }

    /// <summary>Runs <paramref name="strategies"/> (every strategy when null) with <paramref name="settings"/>, and judges them.</summary>
    public async Task<ExperimentResult<TSettings, TCosts, TFigures>> RunAsync(ExperimentContext context, TSettings settings, IReadOnlyList<Strategy>? strategies = null, CancellationToken cancellationToken = default)
    {
        List<Strategy> chosen = strategies is { Count: > 0 } ? [.. Strategies.Where(strategies.Contains)] : [.. Strategies];
        var warningsBefore = await FrameworkWarningWatch.ReadAsync(context.Grains, cancellationToken);
        var costs = await MeasureCostsAsync(context, settings, cancellationToken);
        try
        {
            return await RunStrategiesAsync(context, settings, chosen, costs, warningsBefore, cancellationToken);
        }
        finally
        {
            await ReleaseAsync(costs);
        }
    }

    /// <summary>
    /// Releases what <see cref="MeasureCostsAsync"/> set up for the strategies to share (silos it started, files it wrote): called
    /// once the last strategy is done, however the run ends.
    /// </summary>
    protected virtual ValueTask ReleaseAsync(TCosts costs) => ValueTask.CompletedTask;

    private async Task<ExperimentResult<TSettings, TCosts, TFigures>> RunStrategiesAsync(
        ExperimentContext context, TSettings settings, List<Strategy> chosen, TCosts costs, FrameworkWarningWatch? warningsBefore, CancellationToken cancellationToken)
    {
        var shape = context.Cluster.Shape;
        var skipped = chosen.Select(s => (Strategy: s, Reason: s.SkipReason(settings))).Where(s => s.Reason is not null).Select(s => $"{s.Strategy.Name} was not run: {s.Reason}").ToList();
        var runnable = chosen.Where(s => s.SkipReason(settings) is null).ToList();
        var models = runnable.ToDictionary(s => s, s => s.Model(settings, shape, costs));
        var runs = runnable.ToDictionary(s => s, _ => new List<Measured<TFigures>>());
        var rounds = new List<IReadOnlyList<Outcome<TFigures>>>();
        var maxRounds = runnable.Count > 1 ? Math.Min(Sampling.MaxRounds, context.MaxRounds ?? int.MaxValue) : 1;
        while (rounds.Count < maxRounds && !cancellationToken.IsCancellationRequested)
        {
            // Each round starts one strategy later, so no strategy always runs first on a cold silo or last
            // behind the others' garbage. A strategy that does not repeat stands in later rounds with its first outcome.
            var round = new List<Outcome<TFigures>>(runnable.Count);
            for (var i = 0; i < runnable.Count && !cancellationToken.IsCancellationRequested; i++)
            {
                var strategy = runnable[(i + rounds.Count) % runnable.Count];
                if (!strategy.Repeats && rounds.Count > 0)
                {
                    round.Add(rounds[0].Of(strategy)!);
                    continue;
                }

                context.Start(Name, strategy);
                var measured = await RunOneAsync(strategy, context, settings, costs, cancellationToken);
                runs[strategy].Add(measured);
                round.Add(new Outcome<TFigures>(strategy, models[strategy], measured.Seconds, measured.Figures) { Resends = measured.Resends });

                // Recorded as it finishes (a run cut short still reports it), then replaced as later rounds add samples.
                context.Finish(Name, Result(strategy, models[strategy], runs[strategy]), cancellationToken);
            }

            rounds.Add([.. round.OrderBy(o => runnable.FindIndex(s => s == o.Strategy))]);
            var judgements = Judgements(settings, shape, costs, rounds);
            if (rounds.Count >= Sampling.MinRounds && !Evidence.MoreRoundsCouldDecide(judgements, Evidence.Decide(judgements, "")))
            {
                break;
            }
        }

        var results = runnable.Select(s => Result(s, models[s], runs[s])).ToList();
        var warnings = await WarningsSinceAsync(context, settings, costs, runnable, warningsBefore, cancellationToken);

        // The Python twin runs after the strategies, so neither is timed on a machine busy with the other.
        var python = context.Python is { } runner && Twin(settings) is { } twin ? await runner.RunAsync(twin, cancellationToken) : null;
        var verdict = WithNotes(Decide(settings, shape, costs, rounds), skipped);
        if (warnings is not null && WarningsNote(settings, costs, runnable, warnings) is { } said)
        {
            verdict = verdict with { Notes = [.. verdict.Notes, said] };
        }

        return new ExperimentResult<TSettings, TCosts, TFigures>(Name, Claim, settings, shape, costs, results, verdict)
        {
            Columns = [.. Columns.Select(c => c.Header)],
            Python = python,
            Rounds = rounds.Count,
            FrameworkWarnings = warnings,
        };
    }

    /// <summary>
    /// One run of one strategy, with what its resend path (if it opened one) had to redo, and the silos the death
    /// watch saw die meanwhile that held none of its calls (it went on without them).
    /// </summary>
    private async Task<Measured<TFigures>> RunOneAsync(Strategy strategy, ExperimentContext context, TSettings settings, TCosts costs, CancellationToken cancellationToken)
    {
        var lostBefore = context.DeathWatch?.Losses.Count ?? 0;
        context.DeathWatch?.StrategyStarting();
        var started = TraceClock.NowMicroseconds();
        await using var run = new StrategyRun<TSettings, TCosts>(Name, strategy, context, settings, costs, GrainKeys.NewBase(), cancellationToken);
        var measured = await strategy.RunAsync(run);
        var watched = context.DeathWatch?.Losses.Skip(lostBefore).Select(l => l with { AtSeconds = (l.AtMicroseconds - started) / 1e6 }).ToList() ?? [];
        var resends = watched.Count == 0 ? run.Resends
            : run.Resends is { } r ? r with { SilosLost = [.. r.SilosLost, .. watched] }
            : new Resends(watched, RetriedUnits: 0, RetriedJobs: 0, DuplicatesDiscarded: 0);
        return measured with { Resends = resends };
    }

    /// <summary>What the framework warned of since <paramref name="before"/>, waiting a bounded time for any warnings the claim predicts.</summary>
    private async Task<FrameworkWarnings?> WarningsSinceAsync(
        ExperimentContext context, TSettings settings, TCosts costs, IReadOnlyList<Strategy> strategies, FrameworkWarningWatch? before, CancellationToken cancellationToken)
    {
        if (before is null || await FrameworkWarningWatch.ReadAsync(context.Grains, cancellationToken) is not { } after)
        {
            return null;
        }

        return PredictedWarnings(settings, costs, strategies) is { } expected
            ? await after.SettledSinceAsync(context.Grains, before, expected, cancellationToken)
            : after.Since(before);
    }

    /// <summary>The framework warnings the claim predicts for these strategies, which the count waits for (boundedly); null for none.</summary>
    protected virtual ExpectedWarnings? PredictedWarnings(TSettings settings, TCosts costs, IReadOnlyList<Strategy> strategies) => null;

    /// <summary>
    /// What the framework's warnings logged during the experiment (counted, not printed) say, as a note of the verdict;
    /// null says nothing. By default the counts, where there were any; an experiment whose claim predicts some says how
    /// many there were against that.
    /// </summary>
    protected virtual string? WarningsNote(TSettings settings, TCosts costs, IReadOnlyList<Strategy> strategies, FrameworkWarnings warnings) =>
        warnings.Total == 0 ? null : $"the framework logged {warnings.Total:N0} warning(s) while this ran: {warnings.Describe()} ({WarningsShown})";

    /// <summary>Where the raw lines of the warnings a note counts are.</summary>
    protected const string WarningsShown = "counted, not printed: --verbose shows them, or a separate silo's own log";

    /// <summary>A strategy's result over its rounds: the median round's time and figures, and every round's time.</summary>
    private StrategyResult<TFigures> Result(Strategy strategy, Expectation model, List<Measured<TFigures>> runs)
    {
        var typical = runs.OrderBy(r => r.Seconds).ElementAt((runs.Count - 1) / 2);
        var outcome = new Outcome<TFigures>(strategy, model, typical.Seconds, Merge(typical.Figures, [.. runs.Select(r => r.Figures)]));
        return new StrategyResult<TFigures>(outcome.Name, outcome.Model, outcome.Seconds, outcome.Figures)
        {
            Resends = Resends.Across(runs.Select(r => r.Resends)),
            Cells = [.. Columns.Select(c => c.Cell(outcome))],
            Headers = [.. Columns.Select(c => c.Header)],
            RunSeconds = [.. runs.Select(r => r.Seconds)],
        };
    }

    private static Verdict WithNotes(Verdict verdict, List<string> notes) => notes.Count == 0 ? verdict : verdict with { Notes = [.. notes, .. verdict.Notes] };

    /// <summary>
    /// The verdict on <paramref name="rounds"/>, each round's outcomes judged alone and every check then decided on its
    /// rounds' interval (what a judge test calls with outcomes built by hand).
    /// </summary>
    public Verdict Decide(TSettings settings, ClusterShape shape, TCosts costs, IReadOnlyList<IReadOnlyList<Outcome<TFigures>>> rounds) =>
        Evidence.Decide(Judgements(settings, shape, costs, rounds), Why(settings, shape, costs));

    private List<Judgement> Judgements(TSettings settings, ClusterShape shape, TCosts costs, IReadOnlyList<IReadOnlyList<Outcome<TFigures>>> rounds)
    {
        // A silo lost in any round: the results are still exact (every unit counted once), but that round's time holds
        // the redone work and the wait for membership to declare the death, and every later round ran on a smaller
        // cluster than the one the models were evaluated for. So no round's time is evidence: only the facts are checked.
        // The same holds for units sent again with no death seen (a gateway that failed them at once, a silo that
        // refused them): the round's time holds the redone work, which no model counts.
        var lost = rounds.SelectMany(r => r).FirstOrDefault(o => o.Resends?.SilosLost.Count > 0)
            ?? rounds.SelectMany(r => r).FirstOrDefault(o => o.Resends?.RetriedUnits > 0);
        return [.. rounds.Select(outcomes =>
        {
            var judgement = new Judgement();
            Judge(judgement, settings, shape, costs, outcomes);
            foreach (var redone in outcomes.Where(o => o.Resends?.Any == true))
            {
                judgement.Note($"{redone.Name}: {redone.Resends!.Describe()}");
            }

            if (lost is { Resends: { } resends })
            {
                judgement.SetAside(
                    (resends.SilosLost.Count > 0
                        ? $"silo {string.Join(", ", resends.SilosLost.Select(l => l.Silo))} died mid-run during {lost.Name}, {resends.RetriedUnits:N0} unit(s) redone: "
                        : $"{resends.RetriedUnits:N0} unit(s) of {lost.Name} were sent again after a silo failed or refused them: ") +
                    "the results are checked, the time is not judged");
            }

            return judgement;
        })];
    }

    private List<Strategy> Choose(IReadOnlyList<string>? names)
    {
        var all = Strategies;
        if (names is null || names.Count == 0)
        {
            return [.. all];
        }

        var unknown = names.Where(n => all.All(s => s.Name != n)).ToList();
        return unknown.Count == 0
            ? [.. all.Where(s => names.Contains(s.Name))]
            : throw new UsageException($"{Name} has no strategy named {string.Join(" or ", unknown)}: its strategies are {string.Join(", ", all)}.");
    }


    /// <summary>One of the terminal's named columns: a header and the cell it shows for each strategy.</summary>
    protected sealed record Column(string Header, Func<Outcome<TFigures>, string> Cell);

    private sealed class Prepared(Experiment<TSettings, TCosts, TFigures> experiment, TSettings settings, IReadOnlyList<Strategy> strategies) : IPreparedExperiment
    {
        public IExperiment Experiment => experiment;

        public async Task<ExperimentResult> RunAsync(ExperimentContext context, CancellationToken cancellationToken) =>
            await experiment.RunAsync(context, settings, strategies, cancellationToken);
    }
}
