using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>A strategy as the judge and the results see it: the name the command line and the report know it by.</summary>
public interface IStrategy
{
    string Name { get; }
}

public abstract partial class Experiment<TSettings, TCosts, TFigures>
{
    /// <summary>
    /// One strategy of this experiment, as a value: its name, the method that runs and measures it, its own model (a
    /// pure function of the settings, the cluster's shape and the measured costs), why some settings leave it out, and
    /// how often it repeats. An experiment declares each as a static field, so its judge and its tests reach a
    /// strategy, and its model, by the value itself: <c>CpuExperiment.StatelessWorkers.Model(settings, shape, costs)</c>.
    /// </summary>
    public sealed class Strategy(
        string name,
        Func<StrategyRun<TSettings, TCosts>, Task<Measured<TFigures>>> run,
        Func<TSettings, ClusterShape, TCosts, Expectation> model) : IStrategy
    {
        public string Name { get; } = name;

        /// <summary>
        /// Why these settings leave the strategy out, or null when they do not: a strategy left out is not reported as
        /// measured; the verdict's notes say it was left out, and why.
        /// </summary>
        public Func<TSettings, string?> SkipReason { get; init; } = _ => null;

        /// <summary>
        /// Whether the strategy runs in every round the experiment samples (the default), or in the first round only:
        /// for a strategy whose figures are facts rather than times (a deadlock found, an exact result), so no check
        /// compares its time across rounds, and a repeat would only add its cost. Its one outcome stands in every round.
        /// </summary>
        public bool Repeats { get; init; } = true;

        /// <summary>What this strategy should take for <paramref name="settings"/> on a cluster of <paramref name="shape"/>.</summary>
        public Expectation Model(TSettings settings, ClusterShape shape, TCosts costs) => model(settings, shape, costs);

        /// <summary>Runs the strategy once and measures it.</summary>
        public Task<Measured<TFigures>> RunAsync(StrategyRun<TSettings, TCosts> strategyRun) => run(strategyRun);

        public override string ToString() => Name;
    }
}
