using System.CommandLine;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Base for experiments with a typed settings record: the command line binds the settings, tests build them
/// directly, and both run the same <see cref="RunAsync"/>.
/// </summary>
public abstract class Experiment<TSettings> : IExperiment
    where TSettings : notnull
{
    public abstract string Name { get; }

    public abstract string Claim { get; }

    public abstract IReadOnlyList<string> Strategies { get; }

    public abstract IReadOnlyList<Option> Options { get; }

    public abstract TSettings Bind(ExperimentArgs args);

    public abstract Task<ExperimentResult> RunAsync(ExperimentContext context, TSettings settings, CancellationToken cancellationToken);

    public IPreparedExperiment Prepare(ExperimentArgs args) => new Prepared(this, Bind(args));

    /// <summary>
    /// Runs the chosen strategies one after another, so each is timed on a silo busy with it alone, then judges them.
    /// </summary>
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
        return new ExperimentResult(Name, Claim, parameters, strategies, holds, explanation);
    }

    private sealed class Prepared(Experiment<TSettings> experiment, TSettings settings) : IPreparedExperiment
    {
        public IExperiment Experiment => experiment;

        public Task<ExperimentResult> RunAsync(ExperimentContext context, CancellationToken cancellationToken) =>
            experiment.RunAsync(context, settings, cancellationToken);
    }
}
