using Concurrency.Abstractions.Tracing;

namespace Concurrency.Client.Tracing;

/// <summary>One row of the timeline: a grain activation's lane on one silo, named for what it does.</summary>
public sealed record TraceTrack(int ProcessId, int ThreadId, string Name, IReadOnlyList<GrainCallRecord> Calls, int Number = 1, bool Lanes = false)
{
    /// <summary>The lane's name for a part of the run: the same role and number, the calls of that part.</summary>
    public string NameFor(IReadOnlyList<GrainCallRecord> calls) => TraceTracks.Name(calls, Number, Lanes);

    /// <summary>The grain, key and activation behind the lane, for a tooltip.</summary>
    public string Grain => TraceTracks.GrainOf(Calls[0]);
}

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
        var perRole = new Dictionary<string, int>();
        var activationNumbers = new Dictionary<string, int>();
        foreach (var (silo, index) in trace.Silos.Select((s, i) => (s, i)))
        {
            var pid = ClientProcessId + index + 1;
            var lanesOf = silo.Calls.GroupBy(c => c.Activation).ToDictionary(g => g.Key, g => g.Max(c => c.Lane) + 1);
            var grouped = silo.Calls
                .GroupBy(c => (c.Activation, c.Lane))
                .Select(g => g.OrderBy(c => c.StartMicroseconds).ToList())
                .OrderBy(calls => calls[0].StartMicroseconds)
                .ToList();
            // Numbered across the whole trace, so that two silos' lanes never share a name.
            foreach (var call in grouped.Select(calls => calls[0]).DistinctBy(c => c.Activation))
            {
                var role = RoleOf(call);
                activationNumbers[call.Activation] = perRole[role] = perRole.GetValueOrDefault(role) + 1;
            }

            var tracks = grouped
                .Select((calls, i) =>
                {
                    var (number, lanes) = (activationNumbers[calls[0].Activation], lanesOf[calls[0].Activation] > 1);
                    return new TraceTrack(pid, lastTid + 1 + i, Name(calls, number, lanes), calls, number, lanes);
                })
                .ToList();
            lastTid += tracks.Count;
            silos.Add((pid, $"silo {silo.Silo}", tracks));
        }

        return silos;
    }

    /// <summary>
    /// What the lane does in the run: the grain's role, numbered among the activations of that role in the trace,
    /// its lane where calls overlapped, and the calls it ran, e.g. "event loop (reentrant) 1, lane 2: Fetch ×8".
    /// </summary>
    public static string Name(IReadOnlyList<GrainCallRecord> calls, int number, bool lanes)
    {
        var first = calls[0];
        var methods = calls.CountBy(c => c.Method).OrderByDescending(m => m.Value).ThenBy(m => m.Key, StringComparer.Ordinal).ToList();
        var summary = string.Join(", ", methods.Take(3).Select(m => $"{m.Key} ×{m.Value:N0}")) + (methods.Count > 3 ? ", …" : "");
        return $"{RoleOf(first)} {number}" + (lanes ? $", lane {first.Lane}" : "") + ": " + summary;
    }

    /// <summary>The grain, key and activation a lane's tooltip shows.</summary>
    public static string GrainOf(GrainCallRecord call) => $"{call.GrainType} {call.GrainKey} {call.Activation}";

    private static string RoleOf(GrainCallRecord call) => call.Role is { Length: > 0 } role ? role : call.GrainType;
}
