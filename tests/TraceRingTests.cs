using System.Text.Json;
using Concurrency.Abstractions.Tracing;
using Concurrency.Client.Tracing;
using Concurrency.Grains.Tracing;

namespace Concurrency.Tests;

/// <summary>
/// A silo's trace ring without a silo: calls made up with their times given, so what it keeps, what it drops and what
/// the trace file then says are exact, on any machine.
/// </summary>
public sealed class TraceRingTests
{
    private const long CallMicroseconds = 400;

    [Fact]
    public void A_ring_of_n_fed_more_than_n_calls_keeps_exactly_the_newest_n_and_counts_the_dropped()
    {
        var log = new TraceLog(3);
        for (var i = 0; i < 10; i++)
        {
            log.Add(Call($"call{i}", "a1", start: 1_000 * i));
        }

        var silo = log.ToSiloTrace("S1");
        Assert.Equal(["call7", "call8", "call9"], silo.Calls.Select(c => c.Method));
        Assert.Equal(7, silo.Dropped);
        Assert.Equal(10, silo.Recorded);

        var trace = new RunTrace("t", 3, [], [silo]);
        Assert.Equal(new TraceSpan(7_000, 9_000 + CallMicroseconds), trace.KeptSpan);
        Assert.Contains("3 of 10", trace.LimitNote);
        Assert.Contains("7 oldest dropped", trace.LimitNote);

        using var json = Written(trace);
        var other = json.RootElement.GetProperty("otherData");
        Assert.Equal(10, other.GetProperty("recordedCalls").GetInt64());
        Assert.Equal(3, other.GetProperty("keptCalls").GetInt64());
        Assert.Equal(7, other.GetProperty("droppedEvents").GetInt64());
        Assert.Equal(3, other.GetProperty("eventLimit").GetInt32());
        Assert.Equal(7_000, other.GetProperty("keptStartMicroseconds").GetInt64());
        Assert.Equal(9_400, other.GetProperty("keptEndMicroseconds").GetInt64());
        Assert.Equal(0.0024, other.GetProperty("keptSeconds").GetDouble(), 9);
        Assert.Equal(trace.LimitNote, other.GetProperty("note").GetString());

        // The marker stands where the kept calls begin, and only the kept calls are drawn.
        var events = json.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        var marker = Assert.Single(events, e => Phase(e) == "i" && Name(e).Contains("ring", StringComparison.Ordinal));
        Assert.Equal(7_000, marker.GetProperty("ts").GetInt64());
        Assert.Equal(["call7", "call8", "call9"], events.Where(e => Phase(e) == "X" && e.GetProperty("cat").GetString() == "call").Select(Name));
    }

    [Fact]
    public void A_ring_that_never_filled_keeps_every_call_and_says_nothing_was_dropped()
    {
        var log = new TraceLog(5);
        log.Add(Call("only", "a1", start: 2_000));

        var trace = new RunTrace("t", 5, [], [log.ToSiloTrace("S1")]);

        Assert.Null(trace.LimitNote);
        using var json = Written(trace);
        var other = json.RootElement.GetProperty("otherData");
        Assert.Equal(1, other.GetProperty("recordedCalls").GetInt64());
        Assert.Equal(1, other.GetProperty("keptCalls").GetInt64());
        Assert.Equal(0, other.GetProperty("droppedEvents").GetInt64());
        Assert.False(other.TryGetProperty("note", out _));
    }

    [Fact]
    public async Task Threads_adding_at_once_leave_exactly_n_kept_and_the_rest_counted()
    {
        const int threads = 8, each = 2_000, limit = 100;
        var log = new TraceLog(limit);
        using var start = new Barrier(threads);

        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < each; i++)
                {
                    log.Add(Call($"{t}/{i}", $"a{t}", start: i));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

        var silo = log.ToSiloTrace("S1");
        Assert.Equal(limit, silo.Calls.Count);
        Assert.Equal((threads * each) - limit, silo.Dropped);
        Assert.Equal(limit, silo.Calls.Select(c => c.Method).Distinct().Count());

        // Each thread's calls are kept as a run of its last ones: a ring drops oldest first, whoever added them.
        foreach (var kept in silo.Calls.GroupBy(c => c.Activation))
        {
            var indexes = kept.Select(c => int.Parse(c.Method.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
            Assert.Equal(each - 1, indexes[^1]);
            Assert.Equal(Enumerable.Range(indexes[0], indexes.Count), indexes);
        }
    }

    /// <summary>
    /// Metadata as ui.perfetto.dev reads it: a named, placed process for the client and each silo (none with pid 0, the
    /// idle process there), and a named, placed thread for the client's strategies and each activation lane, with tids
    /// unique across the file (Perfetto knows a thread by its tid alone), each named before anything is drawn on it.
    /// </summary>
    [Fact]
    public void Every_silo_is_one_named_process_and_every_activation_lane_one_named_thread()
    {
        var first = new SiloTrace("S1", [Call("Sum", "cruncher", start: 0), Call("Fetch", "loop", start: 100), Call("Fetch", "loop", start: 200, lane: 1), Call("Sum", "cruncher", start: 1_000)], 0, 10);
        var second = new SiloTrace("S2", [Call("Fetch", "downloader", start: 50)], 0, 10);
        var trace = new RunTrace("t", 10, [new StrategySection(new("cpu", "single-grain"), 0, 2_000, 2, 2)], [first, second]);

        using var json = Written(trace);
        var events = json.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        var meta = events.Where(e => Phase(e) == "M").ToList();

        var processes = meta.Where(e => Name(e) == "process_name").ToDictionary(e => Pid(e), e => Arg(e, "name"));
        Assert.Equal(3, meta.Count(e => Name(e) == "process_name"));
        Assert.Equal(["client", "silo S1", "silo S2"], processes.OrderBy(p => p.Key).Select(p => p.Value));
        Assert.DoesNotContain(0, processes.Keys);
        Assert.Equal(processes.Keys.Order(), meta.Where(e => Name(e) == "process_sort_index").Select(Pid).Order());

        var threadNames = meta.Where(e => Name(e) == "thread_name").ToList();
        var expected = TraceTracks.Layout(trace).SelectMany(p => p.Tracks.Select(t => (Pid: p.ProcessId, Silo: p.Name, t.ThreadId, t.Name))).ToList();
        Assert.Equal(1 + 3 + 1, threadNames.Count);
        Assert.Equal(threadNames.Count, threadNames.Select(Tid).Distinct().Count());
        Assert.Equal("strategies", Arg(Assert.Single(threadNames, e => processes[Pid(e)] == "client"), "name"));
        Assert.Equal(
            expected.Select(t => (t.Silo, t.Name)).Order(),
            threadNames.Where(e => processes[Pid(e)] != "client").Select(e => (processes[Pid(e)], Arg(e, "name"))).Order());
        Assert.Equal(3, expected.Count(t => t.Silo == "silo S1"));
        Assert.Equal(expected.Count, expected.Select(t => t.Name).Distinct().Count());
        Assert.Equal(
            threadNames.Select(e => (Pid(e), Tid(e))).Order(),
            meta.Where(e => Name(e) == "thread_sort_index").Select(e => (Pid(e), Tid(e))).Order());

        // Everything drawn is on a named thread of its own process, named before it.
        foreach (var (drawn, at) in events.Select((e, i) => (e, i)).Where(x => Phase(x.e) is "X" or "i"))
        {
            var named = threadNames.FindIndex(e => Pid(e) == Pid(drawn) && Tid(e) == Tid(drawn));
            Assert.True(named >= 0, $"{Name(drawn)} at pid {Pid(drawn)} tid {Tid(drawn)} is on no named thread");
            Assert.True(events.IndexOf(threadNames[named]) < at, $"{Name(drawn)} comes before its thread's name");
        }
    }

    private static GrainCallRecord Call(string method, string activation, long start, int lane = 0) =>
        new("LabGrain", activation, activation, method, lane, start, start + CallMicroseconds, Faulted: false,
            [new CallTurn(start, start + (CallMicroseconds / 2), Thread: 7, HoldsActivation: true)]);

    private static JsonDocument Written(RunTrace trace)
    {
        using var stream = new MemoryStream();
        ChromeTraceWriter.Write(stream, trace);
        return JsonDocument.Parse(stream.ToArray());
    }

    private static string Phase(JsonElement e) => e.GetProperty("ph").GetString()!;

    private static string Name(JsonElement e) => e.GetProperty("name").GetString()!;

    private static int Pid(JsonElement e) => e.GetProperty("pid").GetInt32();

    private static int Tid(JsonElement e) => e.GetProperty("tid").GetInt32();

    private static string Arg(JsonElement e, string name) => e.GetProperty("args").GetProperty(name).GetString()!;
}
