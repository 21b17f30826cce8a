using Concurrency.Abstractions.Tracing;

namespace Concurrency.Client.Tracing;

/// <summary>One row of the timeline: a grain activation's lane on one silo.</summary>
public sealed record TraceTrack(int ProcessId, int ThreadId, string Name, IReadOnlyList<GrainCallRecord> Calls);

/// <summary>
/// Lays a trace out as a viewer shows it: a process per silo (the client is process 0) and, within it, a thread per
/// grain activation lane, ordered by when each first ran. Both the Chrome trace and the report's Gantt charts use it.
/// </summary>
public static class TraceTracks
{
    public const int ClientProcessId = 0;

    public static IReadOnlyList<(int ProcessId, string Name, IReadOnlyList<TraceTrack> Tracks)> Layout(RunTrace trace)
    {
        var silos = new List<(int, string, IReadOnlyList<TraceTrack>)>();
        foreach (var (silo, index) in trace.Silos.Select((s, i) => (s, i)))
        {
            var pid = index + 1;
            var lanesOf = silo.Calls.GroupBy(c => c.Activation).ToDictionary(g => g.Key, g => g.Max(c => c.Lane) + 1);
            var activationsOf = silo.Calls.GroupBy(c => (c.GrainType, c.GrainKey)).ToDictionary(g => g.Key, g => g.Select(c => c.Activation).Distinct().Count());
            var tracks = silo.Calls
                .GroupBy(c => (c.Activation, c.Lane))
                .Select(g => g.OrderBy(c => c.StartMicroseconds).ToList())
                .OrderBy(calls => calls[0].StartMicroseconds)
                .Select((calls, i) => new TraceTrack(pid, i + 1, Name(calls[0], activationsOf[(calls[0].GrainType, calls[0].GrainKey)] > 1, lanesOf[calls[0].Activation] > 1), calls))
                .ToList();
            silos.Add((pid, $"silo {silo.Silo}", tracks));
        }

        return silos;
    }

    /// <summary>Grain type and key; the activation too where a stateless worker has several, the lane where calls overlapped.</summary>
    private static string Name(GrainCallRecord call, bool activations, bool lanes) =>
        $"{call.GrainType} {call.GrainKey}" + (activations ? $" {call.Activation}" : "") + (lanes ? $" lane {call.Lane}" : "");
}
