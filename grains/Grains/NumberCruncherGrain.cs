using Concurrency.Abstractions;
using Concurrency.Grains.Telemetry;
using Concurrency.Grains.Tracing;

namespace Concurrency.Grains;

/// <summary>
/// One ordinary activation per key. Orleans gives it one turn at a time, so four jobs sent to it together are
/// crunched one after another, whatever the core count: the GIL, in actor form. It is also the fairest picture of the
/// GIL's cost: nothing is wrong with the work, there is simply one place it may run.
/// </summary>
[LaneRole("number cruncher")]
[CollectionAgeLimit(GrainLifetime.IdleLimit)]
public sealed class NumberCruncherGrain(LabMeter meter) : Grain, INumberCruncherGrain
{
    private readonly RunningCrunches _running = meter.CrunchesOf(typeof(NumberCruncherGrain));

    public ValueTask<double> SumTerms(TermRange range, CancellationToken cancellationToken) => Crunching.SumTerms(_running, range, cancellationToken);

    public ValueTask<double[]> SumEach(long first, int count, long termsPerItem, CancellationToken cancellationToken) =>
        Crunching.SumEach(_running, first, count, termsPerItem, cancellationToken);

    public ValueTask<WorkDigest> Map(WorkBatch batch, CancellationToken cancellationToken) => Crunching.Map(_running, batch, cancellationToken);
}
