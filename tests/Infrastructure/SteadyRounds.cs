using Concurrency.Client.Experiments;
using Concurrency.Client.Results;

namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// A judge test's outcomes, built by hand, judged as two identical rounds: with no spread between the samples, every
/// check's interval is its one figure, so the test decides exactly which side of its bound a figure falls on.
/// </summary>
public static class SteadyRounds
{
    public static Verdict DecideSteady<TSettings, TCosts, TFigures>(
        this Experiment<TSettings, TCosts, TFigures> experiment, TSettings settings, ClusterShape shape, TCosts costs, IReadOnlyList<Outcome<TFigures>> outcomes)
        where TSettings : ExperimentSettings
        where TCosts : MeasuredCosts
        where TFigures : StrategyFigures =>
        experiment.Decide(settings, shape, costs, [outcomes, outcomes]);

    public static Verdict Steady(this Judgement judgement) => Evidence.Decide([judgement, judgement], "why");
}
