using Concurrency.Abstractions;
using Concurrency.Grains.Telemetry;
using Concurrency.Grains.Tracing;
using Orleans.Concurrency;

namespace Concurrency.Grains;

/// <summary>
/// multiprocessing's Pool as a grain. A stateless worker keeps nothing between calls, so Orleans may run several
/// activations of the same grain side by side on the silo that handles the call, each with its own turns; calls
/// sent together then run on several cores at once. It is also always placed locally: it spreads over cores, not
/// over silos (a cluster-wide pool needs calls aimed at each silo). Callers address it through
/// <see cref="CruncherPool.Lane"/>, one key per core, because a burst of requests to one key can all queue on its
/// first activation.
///
/// maxLocalWorkers is left at Orleans' default, deliberately: one activation per core of the silo
/// (Environment.ProcessorCount), as Pool() defaults to os.cpu_count(). The work never awaits, so an activation
/// holds a thread for its whole turn: fewer activations than cores would leave cores idle, and more would only
/// time-slice the same cores and make every chunk slower. A constant in the attribute would be wrong on some machine.
/// </summary>
[LaneRole("pool worker (stateless cruncher)")]
[StatelessWorker]
[CollectionAgeLimit(GrainLifetime.IdleLimit)]
public sealed class StatelessCruncherGrain(LabMeter meter) : Grain, IStatelessCruncherGrain
{
    private readonly RunningCrunches _running = meter.CrunchesOf(typeof(StatelessCruncherGrain));

    public ValueTask<double> SumTerms(TermRange range, CancellationToken cancellationToken) => Crunching.SumTerms(_running, range, cancellationToken);

    public ValueTask<double[]> SumEach(long first, int count, long termsPerItem, CancellationToken cancellationToken) =>
        Crunching.SumEach(_running, first, count, termsPerItem, cancellationToken);

    public ValueTask<WorkDigest> Map(WorkBatch batch, CancellationToken cancellationToken) => Crunching.Map(_running, batch, cancellationToken);
}
