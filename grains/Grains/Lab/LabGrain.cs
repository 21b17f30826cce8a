using Concurrency.Abstractions.Lab;
using Concurrency.Grains.Telemetry;
using Concurrency.Grains.Tracing;

namespace Concurrency.Grains.Lab;

/// <summary>
/// A silo's <see cref="LabLive"/> as a grain, pinned to the silo its key names (see <see cref="ILabGrain"/>). What the
/// client says is running also goes to the silo's metrics (<see cref="LabMeter"/>'s running-experiment gauge).
/// Not reentrant: one message at a time, so the strategy that ends and the one that starts are never mixed up.
/// </summary>
[SiloPinnedPlacement]
public sealed class LabGrain(LabLive live, ILocalSiloDetails silo, LabMeter meter) : Grain, ILabGrain
{
    public ValueTask Running(string experiment, string strategy, CancellationToken cancellationToken)
    {
        EndRunning();
        meter.ExperimentStarted(experiment, strategy);
        live.Update(run => run with { Experiment = experiment, Strategy = strategy });
        return ValueTask.CompletedTask;
    }

    public ValueTask StrategyFinished(LabStrategyResult result, CancellationToken cancellationToken)
    {
        // A strategy sampled over rounds finishes once a round: its latest result (the median so far) replaces the last.
        live.Update(run => run with { Strategies = [.. run.Strategies.Where(s => (s.Experiment, s.Strategy) != (result.Experiment, result.Strategy)).TakeLast(LabRun.MaxKept - 1), result] });
        return ValueTask.CompletedTask;
    }

    public ValueTask ExperimentFinished(LabVerdict verdict, CancellationToken cancellationToken)
    {
        EndRunning();
        // Its verdict is in: nothing of it runs or is being judged any more.
        live.Update(run => run with { Experiment = null, Strategy = null, Verdicts = [.. run.Verdicts.TakeLast(LabRun.MaxKept - 1), verdict] });
        return ValueTask.CompletedTask;
    }

    public ValueTask SiloLost(LabSiloLoss loss, CancellationToken cancellationToken)
    {
        live.Update(run => run with { Losses = [.. run.Losses.TakeLast(LabRun.MaxKept - 1), loss] });
        return ValueTask.CompletedTask;
    }

    private void EndRunning()
    {
        if (live.Run is { Experiment: { } experiment, Strategy: { } strategy })
        {
            meter.ExperimentFinished(experiment, strategy);
        }
    }

    public ValueTask<LabRun> Run(CancellationToken cancellationToken) => ValueTask.FromResult(live.Run);

    public ValueTask<LabSiloHistory> History(CancellationToken cancellationToken) => ValueTask.FromResult(live.History());

    public ValueTask<LabSample> Sample(CancellationToken cancellationToken) =>
        ValueTask.FromResult(live.Sample(silo.SiloAddress.ToParsableString()));
}
