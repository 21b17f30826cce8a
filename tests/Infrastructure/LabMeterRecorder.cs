using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Concurrency.Grains.Telemetry;
using Concurrency.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// Every measurement of one silo's lab meter, as it is made: a <see cref="MeterListener"/> that listens only to the
/// meter created by that silo's <see cref="IMeterFactory"/>, so another silo in the test process cannot add to it.
/// </summary>
public sealed class LabMeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, string GrainClass, long Value)> _measurements = new();

    public LabMeterRecorder(LabSilo silo)
    {
        var scope = silo.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == LabMeter.Name && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The sum of what <paramref name="instrument"/> recorded for one grain class.</summary>
    public long Sum(string instrument, Type grainClass) =>
        _measurements.Where(m => m.Instrument == instrument && m.GrainClass == grainClass.Name).Sum(m => m.Value);

    /// <summary>What <paramref name="instrument"/> recorded for one grain class, in order.</summary>
    public IReadOnlyList<long> Values(string instrument, Type grainClass) =>
        [.. _measurements.Where(m => m.Instrument == instrument && m.GrainClass == grainClass.Name).Select(m => m.Value)];

    public IReadOnlyList<string> GrainClasses(string instrument) =>
        [.. _measurements.Where(m => m.Instrument == instrument).Select(m => m.GrainClass).Distinct()];

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var grainClass = "";
        foreach (var tag in tags)
        {
            if (tag.Key == LabMeter.GrainClassTag)
            {
                grainClass = tag.Value as string ?? "";
            }
        }

        _measurements.Enqueue((instrument.Name, grainClass, value));
    }
}
