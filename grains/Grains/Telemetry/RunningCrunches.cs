using System.Diagnostics.Metrics;

namespace Concurrency.Grains.Telemetry;

/// <summary>The running-crunches gauge of one cruncher grain class: up when a crunch starts computing, down when it ends.</summary>
public readonly struct RunningCrunches(UpDownCounter<int> counter, KeyValuePair<string, object?> grainClass)
{
    public void Started() => counter.Add(1, grainClass);

    public void Finished() => counter.Add(-1, grainClass);
}
