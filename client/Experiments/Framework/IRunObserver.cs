using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Hears a run as it goes, from the loops that run it: each strategy as it starts and each time it finishes (a
/// strategy sampled over rounds finishes once a round, its result then the median of its rounds so far), raised by
/// the experiment's base loop; and each experiment as it ends, its verdict or the part that finished before the run
/// was cut short, raised by the runner. The lab feed listens; nothing reads a label back or polls a list.
/// </summary>
public interface IRunObserver
{
    void StrategyStarted(string experiment, IStrategy strategy);

    void StrategyFinished(string experiment, StrategyResult result);

    void ExperimentFinished(ExperimentResult result);
}
