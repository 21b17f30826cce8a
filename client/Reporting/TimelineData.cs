using Concurrency.Client.Cluster;
using Concurrency.Client.Tracing;

namespace Concurrency.Client.Reporting;

/// <summary>
/// One strategy's Gantt chart: a row per grain activation lane, bars in milliseconds since the strategy started. A
/// strategy timed more than once (cpu's and executors' are timed twice) has a chart per run: run <see cref="Run"/> of <see cref="Runs"/>.
/// <see cref="DroppedByRing"/>: the strategy ran before what a silo's trace ring kept, so some or all of its calls were dropped.
/// <see cref="Losses"/>: the silos membership declared dead while it ran, at the moment the strategy's roster saw it.
/// </summary>
public sealed record TimelineData(
    string Experiment,
    string Strategy,
    double DurationMs,
    IReadOnlyList<TimelineRow> Rows,
    int HiddenRows,
    long HiddenCalls,
    int Run = 1,
    int Runs = 1,
    bool DroppedByRing = false)
{
    public IReadOnlyList<TimelineLoss> Losses { get; init; } = [];
}

/// <summary>A silo declared dead <see cref="AtMs"/> milliseconds after its strategy started.</summary>
public sealed record TimelineLoss(string Silo, double AtMs);

/// <summary>
/// A row of a Gantt chart. Each bar is [start ms, end ms, kind], the kind a <see cref="Abstractions.Tracing.CallState"/>:
/// 1 a turn (a thread and the activation held), 2 pool work (a pool thread held, not the activation), 0 an await (no
/// thread held), 3 queued for the activation (ready, no thread held yet).
/// </summary>
public sealed record TimelineRow(string Name, string Silo, IReadOnlyList<double[]> Bars, string Grain = "");

/// <summary>Cuts the trace into one small Gantt chart per strategy section, bounded so the report stays light.</summary>
public static class Timelines
{
    public const int MaxRows = 24;
    public const int MaxCallsPerRow = 300;
    public const int MaxBarsPerRow = 2_000;

    /// <summary>The timelines of <paramref name="trace"/>, each marked with the <paramref name="losses"/> that fell inside it.</summary>
    public static IReadOnlyList<TimelineData> From(RunTrace trace, IReadOnlyCollection<SiloLoss>? losses = null)
    {
        var tracks = TraceTracks.Layout(trace).SelectMany(silo => silo.Tracks.Select(track => (silo.Name, track))).ToList();
        var timelines = new List<TimelineData>();
        var runs = trace.Sections.CountBy(s => s.Label).ToDictionary();
        var seen = new Dictionary<Output.ProgressLabel, int>();
        foreach (var section in trace.Sections)
        {
            var run = seen[section.Label] = seen.GetValueOrDefault(section.Label) + 1;
            var rows = new List<TimelineRow>();
            var hiddenRows = 0;
            long hiddenCalls = 0;
            foreach (var (silo, track) in tracks)
            {
                var calls = track.Calls.Where(c => c.EndMicroseconds >= section.StartMicroseconds && c.StartMicroseconds <= section.EndMicroseconds).ToList();
                if (calls.Count == 0)
                {
                    continue;
                }

                if (rows.Count == MaxRows)
                {
                    hiddenRows++;
                    hiddenCalls += calls.Count;
                    continue;
                }

                var bars = new List<double[]>();
                var drawn = 0;
                foreach (var call in calls.Take(MaxCallsPerRow))
                {
                    if (bars.Count >= MaxBarsPerRow)
                    {
                        break;
                    }

                    Bars(call, section, bars);
                    drawn++;
                }

                hiddenCalls += calls.Count - drawn;
                rows.Add(new TimelineRow(track.NameFor(calls), silo, bars, track.Grain));
            }

            var dropped = trace.CompleteFromMicroseconds is { } from && section.StartMicroseconds < from;
            timelines.Add(new TimelineData(section.Experiment, section.Strategy, Ms(section.EndMicroseconds, section), rows, hiddenRows, hiddenCalls, run, runs[section.Label], dropped)
            {
                Losses = [.. (losses ?? []).Where(l => l.AtMicroseconds >= section.StartMicroseconds && l.AtMicroseconds <= section.EndMicroseconds).Select(l => new TimelineLoss(l.Silo, Ms(l.AtMicroseconds, section)))],
            });
        }

        return timelines;
    }

    /// <summary>A call's bars: every stretch it held a thread, solid, and the gaps between, pale.</summary>
    private static void Bars(Abstractions.Tracing.GrainCallRecord call, StrategySection section, List<double[]> bars)
    {
        foreach (var segment in call.Segments())
        {
            bars.Add([Ms(segment.StartMicroseconds, section), Ms(segment.EndMicroseconds, section), (int)segment.State]);
        }
    }

    /// <summary>Milliseconds since the section started, clipped to the section.</summary>
    private static double Ms(long microseconds, StrategySection section) =>
        Math.Round((Math.Clamp(microseconds, section.StartMicroseconds, section.EndMicroseconds) - section.StartMicroseconds) / 1000.0, 3);
}
