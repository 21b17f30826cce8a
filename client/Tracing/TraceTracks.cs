using Concurrency.Abstractions.Tracing;

namespace Concurrency.Client.Tracing;

/// <summary>One row of the timeline: a grain activation's lane on one silo.</summary>
public sealed record TraceTrack(int ProcessId, int ThreadId, string Name, IReadOnlyList<GrainCallRecord> Calls);

/// <summary>
/// Lays a trace out as a viewer shows it: a process per silo (after the client's own) and, within it, a thread per
/// grain activation lane, ordered by when each first ran. Both the Chrome trace and the report's Gantt charts use it.
///
/// The ids follow ui.perfetto.dev's JSON import, which is stricter than chrome://tracing: it knows a thread by its tid
/// alone, as an OS does (the same tid under another pid is taken for a new thread, and the names scatter), so every
/// tid is unique across the whole trace; and pid 0 is the idle process there, so no process uses it.
/// </summary>
public static class TraceTracks
{
    public const int ClientProcessId = 1;

    /// <summary>The client's one track: the strategy sections.</summary>
    public const int SectionsThreadId = 1;

    public static IReadOnlyList<(int ProcessId, string Name, IReadOnlyList<TraceTrack> Tracks)> Layout(RunTrace trace)
    {
        var silos = new List<(int, string, IReadOnlyList<TraceTrack>)>();
        var lastTid = SectionsThreadId;
        foreach (var (silo, index) in trace.Silos.Select((s, i) => (s, i)))
        {
            var pid = ClientProcessId + index + 1;
            var lanesOf = silo.Calls.GroupBy(c => c.Activation).ToDictionary(g => g.Key, g => g.Max(c => c.Lane) + 1);
            var activationsOf = silo.Calls.GroupBy(c => (c.GrainType, c.GrainKey)).ToDictionary(g => g.Key, g => g.Select(c => c.Activation).Distinct().Count());
            var tracks = silo.Calls
                .GroupBy(c => (c.Activation, c.Lane))
                .Select(g => g.OrderBy(c => c.StartMicroseconds).ToList())
                .OrderBy(calls => calls[0].StartMicroseconds)
                .Select((calls, i) => new TraceTrack(pid, lastTid + 1 + i, Name(calls[0], activationsOf[(calls[0].GrainType, calls[0].GrainKey)] > 1, lanesOf[calls[0].Activation] > 1), calls))
                .ToList();
            lastTid += tracks.Count;
            silos.Add((pid, $"silo {silo.Silo}", tracks));
        }

        return silos;
    }

    /// <summary>Grain type and key; the activation too where a stateless worker has several, the lane where calls overlapped.</summary>
    private static string Name(GrainCallRecord call, bool activations, bool lanes) =>
        $"{call.GrainType} {call.GrainKey}" + (activations ? $" {call.Activation}" : "") + (lanes ? $" lane {call.Lane}" : "");
}
