using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Concurrency.Grains.Telemetry;

/// <summary>
/// The lab's own meter, <see cref="Name"/>: the concurrency story as a silo's counters. How many turns each grain class
/// ran and how many of its calls gave up their thread at an await (see <see cref="MetricsCallFilter"/>), how many
/// crunches hold a thread right now, and which experiment and strategy are running. Created through the silo's
/// <see cref="IMeterFactory"/>, as Orleans creates its own "Microsoft.Orleans" meter. With nothing listening (no
/// /metrics, no OTLP) the silo registers no call filter, and the crunch gauge costs a flag check.
/// </summary>
public sealed class LabMeter
{
    public const string Name = "Concurrency.Lab";

    /// <summary>
    /// The tag that names the grain class (<c>grain_class</c> in Prometheus): the class name, as the traces show it. Orleans'
    /// own <c>grain_type</c> tag is the grain type id instead (<c>downloader</c> for DownloaderGrain).
    /// </summary>
    public const string GrainClassTag = "grain.class";

    public const string ExperimentTag = "experiment";

    public const string StrategyTag = "strategy";

    /// <summary>The instruments' names, as the meter defines them (Prometheus writes dots as underscores).</summary>
    public static class Instruments
    {
        public const string Turns = "lab.grain.turns";
        public const string Awaits = "lab.grain.awaits";
        public const string RunningCrunches = "lab.crunches.running";
        public const string RunningExperiment = "lab.experiment.running";
    }

    private readonly ConcurrentDictionary<Type, GrainCalls> _calls = new();
    private readonly UpDownCounter<int> _crunches;
    private readonly ConcurrentDictionary<(string Experiment, string Strategy), int> _experiments = new();

    public LabMeter(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Name);
        meter.CreateObservableCounter(Instruments.Turns, () => _calls.Values.Select(c => new Measurement<long>(c.Turns, c.Tag)), "{turn}",
            "First turns of incoming grain calls, per grain class: one per call (turns after a call's awaits are not counted).");
        meter.CreateObservableCounter(Instruments.Awaits, () => _calls.Values.Select(c => new Measurement<long>(c.Awaits, c.Tag)), "{await}",
            "Incoming grain calls whose first turn ended at an await that had not completed, per grain class: the call then held no thread until it resumed.");
        _crunches = meter.CreateUpDownCounter<int>(Instruments.RunningCrunches, "{crunch}",
            "Crunches computing right now, per cruncher grain class: each holds a thread and, on a busy silo, a core.");
        meter.CreateObservableGauge(Instruments.RunningExperiment, ObserveExperiments, "{run}",
            "1 for each experiment and strategy running on the silo now (more if several clients run the same one).");
    }

    public static KeyValuePair<string, object?> GrainTag(Type grainClass)
    {
        ArgumentNullException.ThrowIfNull(grainClass);
        return new(GrainClassTag, grainClass.Name);
    }

    /// <summary>The turn and await counts of one grain class.</summary>
    public GrainCalls CallsOf(Type grainClass) =>
        _calls.TryGetValue(grainClass, out var calls) ? calls : _calls.GetOrAdd(grainClass, static type => new GrainCalls(type));

    /// <summary>The running-crunches gauge of one cruncher grain class.</summary>
    public RunningCrunches CrunchesOf(Type grainClass) => new(_crunches, GrainTag(grainClass));

    /// <summary>An experiment's strategy has started on this silo; call <see cref="ExperimentFinished"/> when it ends.</summary>
    public void ExperimentStarted(string experiment, string strategy) =>
        _experiments.AddOrUpdate((experiment, strategy), 1, static (_, running) => running + 1);

    public void ExperimentFinished(string experiment, string strategy)
    {
        var key = (experiment, strategy);
        while (_experiments.TryGetValue(key, out var running))
        {
            var done = running <= 1 ? _experiments.TryRemove(KeyValuePair.Create(key, running)) : _experiments.TryUpdate(key, running - 1, running);
            if (done)
            {
                return;
            }
        }
    }

    // A finished strategy's series is no longer reported, so Prometheus marks it stale at once.
    private IEnumerable<Measurement<int>> ObserveExperiments() =>
        _experiments.Select(e => new Measurement<int>(e.Value,
            new KeyValuePair<string, object?>(ExperimentTag, e.Key.Experiment), new KeyValuePair<string, object?>(StrategyTag, e.Key.Strategy)));
}
