using System.CommandLine;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

// CONTRACT-WIP: the experiments not yet moved onto Experiment<TSettings, TCosts, TFigures> run through this adapter.
// It goes when the last of them is converted.
public abstract class LegacyExperiment<TSettings> : IExperiment
    where TSettings : notnull
{
    public abstract string Name { get; }

    public abstract string Claim { get; }

    public abstract IReadOnlyList<string> Strategies { get; }

    public abstract IReadOnlyList<Option> Options { get; }

    public IReadOnlyList<ISetting> Settings => [.. Options.Where(o => o.Name != "--strategy").Select(o => new LegacySetting(o))];

    public abstract TSettings Bind(ExperimentArgs args);

    public abstract Task<ExperimentResult> RunAsync(ExperimentContext context, TSettings settings, CancellationToken cancellationToken);

    public IPreparedExperiment Prepare(SettingValues values) => new Prepared(this, Bind(new ExperimentArgs(values.Parse, values.Quick, values.Strategies?.ToArray())));

    protected async Task<ExperimentResult> RunStrategiesAsync(
        ExperimentContext context,
        IEnumerable<string> chosen,
        IReadOnlyDictionary<string, object?> parameters,
        Func<string, Task<StrategyResult>> run,
        Func<IReadOnlyList<StrategyResult>, (bool Holds, string Explanation)> judge,
        CancellationToken cancellationToken)
    {
        var strategies = new List<StrategyResult>();
        foreach (var strategy in chosen)
        {
            strategies.Add(context.Finish(await run(strategy), cancellationToken));
        }

        var (holds, explanation) = judge(strategies);
        return LegacyResults.Experiment(Name, Claim, parameters, strategies, holds, explanation);
    }

    private sealed class Prepared(LegacyExperiment<TSettings> experiment, TSettings settings) : IPreparedExperiment
    {
        public IExperiment Experiment => experiment;

        public Task<ExperimentResult> RunAsync(ExperimentContext context, CancellationToken cancellationToken) =>
            experiment.RunAsync(context, settings, cancellationToken);
    }
}

public sealed class LegacySetting(Option option) : ISetting
{
    public Option Option => option;
}

public sealed record LegacyFigures(IReadOnlyDictionary<string, object?> Values) : StrategyFigures, ICountsFailures
{
    public long Failed => Values.TryGetValue("failed", out var f) && f is not null ? Convert.ToInt64(f, System.Globalization.CultureInfo.InvariantCulture) : 0;
}

public sealed record LegacySettings(IReadOnlyDictionary<string, object?> Values) : ExperimentSettings;

public static class LegacyResults
{
    public static StrategyResult Strategy(string name, double? expected, double measured, IReadOnlyDictionary<string, object?>? metrics = null) =>
        new(name, new Expectation(expected ?? double.NaN), measured, new LegacyFigures(metrics ?? new Dictionary<string, object?>()))
        {
            Cells = [.. (metrics ?? new Dictionary<string, object?>()).Where(m => m.Value is not System.Collections.IDictionary).Take(3).Select(m => $"{m.Key} {m.Value}")],
        };

    public static ExperimentResult Experiment(string name, string claim, IReadOnlyDictionary<string, object?> parameters, IReadOnlyList<StrategyResult> strategies, bool holds, string explanation) =>
        new(name, claim, new LegacySettings(parameters), null, null, strategies,
            new Verdict(holds ? VerdictState.Holds : VerdictState.DoesNotHold, [new Check("legacy", null, null, "legacy", null, holds ? CheckOutcome.Pass : CheckOutcome.Fail, explanation)], null, [], ""))
        {
            Columns = ["figures", "", ""],
        };

    public static IReadOnlyDictionary<string, object?>? Legacy(this StrategyResult result) => (result.Metrics as LegacyFigures)?.Values;
}
