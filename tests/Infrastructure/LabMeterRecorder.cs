using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Concurrency.Grains.Telemetry;
using Concurrency.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// One silo's lab meter, read through a <see cref="MeterListener"/> that listens only to the meter created by that
/// silo's <see cref="IMeterFactory"/>, so another silo in the test process cannot add to it. Counters that the meter
/// observes (turns, awaits) are read as totals on demand; the crunch gauge's ups and downs are kept as they come.
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

    /// <summary>An observed counter's total for one grain class now (0 if it has none).</summary>
    public long Total(string instrument, Type grainClass)
    {
        _measurements.Clear();
        _listener.RecordObservableInstruments();
        return Values(instrument, grainClass).Sum();
    }

    /// <summary>The grain classes an observed counter reports now.</summary>
    public IReadOnlyList<string> GrainClasses(string instrument)
    {
        _measurements.Clear();
        _listener.RecordObservableInstruments();
        return [.. _measurements.Where(m => m.Instrument == instrument).Select(m => m.GrainClass).Distinct()];
    }

    /// <summary>What <paramref name="instrument"/> recorded for one grain class, in order.</summary>
    public IReadOnlyList<long> Values(string instrument, Type grainClass) =>
        [.. _measurements.Where(m => m.Instrument == instrument && m.GrainClass == grainClass.Name).Select(m => m.Value)];

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
