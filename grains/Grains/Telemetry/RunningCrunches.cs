using System.Diagnostics.Metrics;

namespace Concurrency.Grains.Telemetry;

/// <summary>The running-crunches gauge of one cruncher grain type: up when a crunch starts computing, down when it ends.</summary>
public readonly struct RunningCrunches(UpDownCounter<int> counter, KeyValuePair<string, object?> grainType)
{
    public void Started() => counter.Add(1, grainType);

    public void Finished() => counter.Add(-1, grainType);
}
