using System.Text.Json;
using Concurrency.Abstractions.Tracing;

namespace Concurrency.Client.Tracing;

/// <summary>
/// Writes a <see cref="RunTrace"/> in the Chrome trace-event format (JSON object form) that ui.perfetto.dev and
/// chrome://tracing open. Each grain call is a complete event ("ph":"X") on its activation's track, with children on
/// the same track, one per <see cref="CallSegment"/>: a "turn" for each stretch it held a thread on the activation's
/// scheduler, "pool work" for each it held only a pool thread (overlapping stretches on several threads merged into
/// one), an "await" for each gap in which what it awaited was not done, and "queued for the activation" for the rest
/// of a gap, ready but waiting for the activation's scheduler. So a crunch shows as one solid turn, sequential downloads as a row of mostly hollow slices one after
/// another on one track, concurrent ones as stacked slices that overlap in time, and a blocking call as one solid turn. Strategy sections are slices on the
/// client's track, with a global instant at each start so the phases line up across every track.
///
/// Every process (the client, then each silo) and every thread (the client's strategies, then each activation lane)
/// is named and placed by metadata events ("ph":"M": process_name, process_sort_index, thread_name,
/// thread_sort_index), written before the events on it, so both viewers draw one named track per silo and per lane
/// in the order the run met them. "otherData" says how much of the run the silos' rings kept.
/// </summary>
public static class ChromeTraceWriter
{
    private const int SectionsThread = TraceTracks.SectionsThreadId;

    /// <summary>Each state's event name and category, as the trace viewers list them.</summary>
    private static readonly Dictionary<CallState, (string Name, string Category)> Names = new()
    {
        [CallState.Turn] = ("turn", "turn"),
        [CallState.PoolWork] = ("pool work", "pool"),
        [CallState.Awaiting] = ("await", "await"),
        [CallState.Queued] = ("queued for the activation", "queued"),
    };

    public static void Write(Stream stream, RunTrace trace)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteString("displayTimeUnit", "ms");
        json.WriteStartArray("traceEvents");

        Metadata(json, "process_name", TraceTracks.ClientProcessId, null, "client");
        Metadata(json, "process_sort_index", TraceTracks.ClientProcessId, null, TraceTracks.ClientProcessId);
        Metadata(json, "thread_name", TraceTracks.ClientProcessId, SectionsThread, "strategies");
        Metadata(json, "thread_sort_index", TraceTracks.ClientProcessId, SectionsThread, SectionsThread);
        foreach (var section in trace.Sections)
        {
            json.WriteStartObject();
            json.WriteString("ph", "i");
            json.WriteString("s", "g");
            json.WriteString("name", section.Label.ToString());
            Position(json, TraceTracks.ClientProcessId, SectionsThread, section.StartMicroseconds);
            json.WriteEndObject();

            Complete(json, section.Label.ToString(), "strategy", TraceTracks.ClientProcessId, SectionsThread, section.StartMicroseconds, section.EndMicroseconds);
            json.WriteStartObject("args");
            json.WriteNumber("items", section.Total);
            json.WriteNumber("done", section.Done);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        if (trace.LimitNote is { } note)
        {
            json.WriteStartObject();
            json.WriteString("ph", "i");
            json.WriteString("s", "g");
            json.WriteString("name", note);
            // Where the kept calls begin: before it, the rings dropped what they recorded.
            Position(json, TraceTracks.ClientProcessId, SectionsThread, trace.KeptSpan?.StartMicroseconds ?? TraceClock.NowMicroseconds());
            json.WriteEndObject();
        }

        foreach (var (pid, name, tracks) in TraceTracks.Layout(trace))
        {
            Metadata(json, "process_name", pid, null, name);
            Metadata(json, "process_sort_index", pid, null, pid);
            foreach (var track in tracks)
            {
                Metadata(json, "thread_name", pid, track.ThreadId, track.Name);
                Metadata(json, "thread_sort_index", pid, track.ThreadId, track.ThreadId);
                foreach (var call in track.Calls)
                {
                    Call(json, track, call);
                }
            }
        }

        json.WriteEndArray();
        json.WriteStartObject("otherData");
        json.WriteString("traceId", trace.TraceId);
        json.WriteNumber("eventLimit", trace.Limit);
        json.WriteNumber("recordedCalls", trace.Recorded);
        json.WriteNumber("keptCalls", trace.Calls);
        json.WriteNumber("droppedEvents", trace.Dropped);
        if (trace.KeptSpan is { } kept)
        {
            json.WriteNumber("keptStartMicroseconds", kept.StartMicroseconds);
            json.WriteNumber("keptEndMicroseconds", kept.EndMicroseconds);
            json.WriteNumber("keptSeconds", kept.Seconds);
        }

        if (trace.LimitNote is { } limitNote)
        {
            json.WriteString("note", limitNote);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Call(Utf8JsonWriter json, TraceTrack track, GrainCallRecord call)
    {
        var busy = call.Busy();
        var segments = call.Segments();
        Complete(json, call.Method, "call", track.ProcessId, track.ThreadId, call.StartMicroseconds, call.EndMicroseconds);
        json.WriteStartObject("args");
        json.WriteString("grain", $"{call.GrainType}/{call.GrainKey}");
        json.WriteString("activation", call.Activation);
        json.WriteNumber("lane", call.Lane);
        json.WriteNumber("turns", call.Turns.Count + call.OmittedTurns);
        json.WriteNumber("turnMicroseconds", busy.Sum(s => s.Microseconds) + call.OmittedTurnMicroseconds);
        json.WriteString("threads", string.Join(",", call.Turns.Select(t => t.Thread).Distinct()));
        json.WriteNumber("queuedMicroseconds", segments.Where(s => s.State == CallState.Queued).Sum(s => s.Microseconds));
        json.WriteNumber("awaitingMicroseconds", segments.Where(s => s.State == CallState.Awaiting).Sum(s => s.Microseconds));
        json.WriteNumber("turnShareWhenReady", Math.Round(call.TurnShareWhenReady(), 4));
        if (call.OmittedTurns > 0)
        {
            json.WriteNumber("turnsNotDrawn", call.OmittedTurns);
        }

        if (call.Faulted)
        {
            json.WriteBoolean("faulted", true);
        }

        json.WriteEndObject();
        json.WriteEndObject();

        // Solid: each stretch holding a thread. Pale: each gap between them, the call awaiting or queued.
        foreach (var segment in segments)
        {
            var (name, category) = Names[segment.State];
            Complete(json, name, category, track.ProcessId, track.ThreadId, segment.StartMicroseconds, segment.EndMicroseconds);
            if (segment.State is CallState.Turn or CallState.PoolWork)
            {
                var span = busy.First(s => s.StartMicroseconds <= segment.StartMicroseconds && segment.EndMicroseconds <= s.EndMicroseconds);
                json.WriteStartObject("args");
                json.WriteNumber("threads", span.Threads);
                json.WriteBoolean("holdsActivation", span.HoldsActivation);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }
    }

    /// <summary>Opens a complete event; the caller adds its args and closes it.</summary>
    private static void Complete(Utf8JsonWriter json, string name, string category, int pid, int tid, long start, long end)
    {
        json.WriteStartObject();
        json.WriteString("ph", "X");
        json.WriteString("name", name);
        json.WriteString("cat", category);
        Position(json, pid, tid, start);
        json.WriteNumber("dur", Math.Max(0, end - start));
    }

    private static void Position(Utf8JsonWriter json, int pid, int tid, long ts)
    {
        json.WriteNumber("pid", pid);
        json.WriteNumber("tid", tid);
        json.WriteNumber("ts", ts);
    }

    /// <summary>A metadata event: a track's name ("process_name", "thread_name") or its place ("..._sort_index").</summary>
    private static void Metadata(Utf8JsonWriter json, string kind, int pid, int? tid, object value)
    {
        json.WriteStartObject();
        json.WriteString("ph", "M");
        json.WriteString("name", kind);
        json.WriteNumber("pid", pid);
        if (tid is { } t)
        {
            json.WriteNumber("tid", t);
        }

        json.WriteStartObject("args");
        if (value is int index)
        {
            json.WriteNumber("sort_index", index);
        }
        else
        {
            json.WriteString("name", value.ToString());
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
