using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Concurrency.Grains;
using Concurrency.Grains.Lab;
using Concurrency.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Concurrency.Benchmarks;

/// <summary>
/// The work the live feed and the metrics add to every grain call, each on its own, on one thread (so without the
/// cost of two cores sharing a cache line): the feed's lease check with no page open, on and switched off
/// (<c>--no-lab</c>), each a read of a flag; the lab call filter's count of a turn; and one record into a histogram that OpenTelemetry
/// listens to, as Orleans makes for each request's latency.
/// </summary>
public class PerCallBenchmarks : IDisposable
{
    private readonly LabLive _feedOn = new(TimeProvider.System, Options.Create(new LabLiveOptions()));
    private readonly LabLive _feedOff = new(TimeProvider.System, Options.Create(new LabLiveOptions { Enabled = false }));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Meter _meter = new("Concurrency.Benchmarks.PerCall");
    private readonly Histogram<long> _latency;
    private readonly MeterProvider _provider;
    private readonly LabMeter _labMeter;

    public PerCallBenchmarks()
    {
        _labMeter = new LabMeter(_services.GetRequiredService<IMeterFactory>());
        _latency = _meter.CreateHistogram<long>("latency", "ms");
        _provider = Sdk.CreateMeterProviderBuilder().AddMeter(_meter.Name).AddReader(new BaseExportingMetricReader(new Discard())).Build();
        if (!_latency.Enabled)
        {
            throw new InvalidOperationException("OpenTelemetry does not listen to the histogram: the benchmark would measure nothing.");
        }
    }

    [Benchmark(Baseline = true)]
    public bool LeaseCheckFeedOff() => _feedOff.Watching;

    [Benchmark]
    public bool LeaseCheckFeedOn() => _feedOn.Watching;

    [Benchmark]
    public void CountTurn() => _labMeter.CallsOf(typeof(PingGrain)).Turn();

    [Benchmark]
    public void RecordLatency() => _latency.Record(0);

    /// <summary>A reader's exporter that throws the figures away: the reader makes the provider record, nothing collects.</summary>
    private sealed class Discard : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }

    public void Dispose()
    {
        _provider.Dispose();
        _meter.Dispose();
        _feedOn.Dispose();
        _feedOff.Dispose();
        _services.Dispose();
        GC.SuppressFinalize(this);
    }
}
