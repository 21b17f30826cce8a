using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Concurrency.Grains;
using Concurrency.Abstractions.Tracing;
using Concurrency.Grains.Lab;
using Concurrency.Grains.Tracing;
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
    private readonly LabLive _spent = new(TimeProvider.System, Options.Create(new LabLiveOptions()));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Meter _meter = new("Concurrency.Benchmarks.PerCall");
    private readonly Histogram<long> _latency;
    private readonly MeterProvider _provider;
    private readonly LabMeter _labMeter;

    public PerCallBenchmarks()
    {
        _labMeter = new LabMeter(_services.GetRequiredService<IMeterFactory>());
        while (_spent.Admit())
        {
            // Spend the first half second's budget: the pool reader renews it every half second, so the benchmark's
            // calls meet a spent budget all but a few hundred times a second.
        }

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

    /// <summary>The filter's check with no page open once the half second's budget is spent: what nearly every call of a busy silo pays.</summary>
    [Benchmark]
    public bool RecordCheckBudgetSpent() => _spent.MayRecord && _spent.Admit();

    /// <summary>What one call the budget admits costs to record, less the runtime's own context switches: its turns tracker, its record, and the ring.</summary>
    [Benchmark]
    public int RecordOneCall()
    {
        var turns = CallTurns.Enter(TaskScheduler.Default);
        var call = new GrainCallRecord("PingGrain", "1", "@a", "Ping", 0, 1, 1, false, []);
        _feedOn.Started(turns, call);
        var (recorded, omitted, omittedMicroseconds) = turns.Exit();
        _feedOn.Ended(turns, call with { EndMicroseconds = 2, Turns = recorded, OmittedTurns = omitted, OmittedTurnMicroseconds = omittedMicroseconds });
        return recorded.Count;
    }

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
        _spent.Dispose();
        _services.Dispose();
        GC.SuppressFinalize(this);
    }
}
