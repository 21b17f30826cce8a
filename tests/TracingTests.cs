using System.Text.Json;
using Concurrency.Client.Experiments;
using Concurrency.Client.Output;
using Concurrency.Client.Tracing;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// The trace seam on a test cluster: the client marks the run in the RequestContext, the silo's call filter records,
/// and the client drains the silo through the silo-pinned buffer grain.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TracingTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task Sequential_downloads_do_not_overlap_in_the_trace_and_concurrent_batches_do()
    {
        var experiment = new DownloadsExperiment();
        var recorder = new TraceRecorder(10_000);
        var context = new ExperimentContext(fixture.Grains, fixture.Context.Cluster, new TracingProgressSink(NullProgress.Instance, recorder));

        using (recorder.Begin())
        {
            await experiment.RunAsync(context, new DownloadsSettings(3, Latency), [DownloadsExperiment.Sequential], CancellationToken.None);
            await experiment.RunAsync(context, new DownloadsSettings(2 * DownloadsExperiment.BatchSize + 1, Latency), [DownloadsExperiment.Concurrent], CancellationToken.None);
        }

        var trace = await recorder.CollectAsync(fixture.Grains, CancellationToken.None);
        Assert.Equal(["downloads/sequential", "downloads/concurrent"], trace.Sections.Select(s => s.Label));

        var sequential = CallsIn(trace, trace.Sections[0]);
        Assert.Equal(3, sequential.Count(c => c.Method == "Download"));
        Assert.Single(sequential.Select(c => c.Activation).Distinct());
        var ordered = sequential.OrderBy(c => c.StartMicroseconds).ToList();
        Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.First.EndMicroseconds <= pair.Second.StartMicroseconds, "sequential calls overlap"));
        // The wait shows as awaiting, not as a turn holding a thread. (The first turn can stretch under a loaded
        // machine, so compare shares rather than demand the whole latency in the await.)
        Assert.All(ordered, c =>
        {
            var turn = c.FirstTurnEndMicroseconds - c.StartMicroseconds;
            var awaiting = c.EndMicroseconds - c.FirstTurnEndMicroseconds;
            Assert.True(c.EndMicroseconds - c.StartMicroseconds >= 0.95 * Latency.TotalMicroseconds, "a download ended before its latency");
            Assert.True(awaiting >= 0.5 * Latency.TotalMicroseconds && awaiting > turn, $"a download's wait should show as awaiting (turn {turn} µs, awaiting {awaiting} µs)");
        });

        var concurrent = CallsIn(trace, trace.Sections[1]).Where(c => c.Method == "DownloadAll").ToList();
        Assert.Equal(3, concurrent.Select(c => c.Activation).Distinct().Count());
        var overlapStart = concurrent.Max(c => c.StartMicroseconds);
        var overlapEnd = concurrent.Min(c => c.EndMicroseconds);
        Assert.True(overlapEnd - overlapStart > 0.5 * Latency.TotalMicroseconds, $"concurrent batches overlap only {overlapEnd - overlapStart} µs");
    }

    [Fact]
    public async Task Untraced_calls_are_not_recorded_and_the_limit_counts_what_it_leaves_out()
    {
        var downloader = fixture.Grains.GetGrain<Abstractions.IDownloaderGrain>(GrainKeys.NewBase());
        var recorder = new TraceRecorder(2);
        await downloader.Download(new Abstractions.DownloadRequest("untraced", TimeSpan.Zero, 0));
        using (recorder.Begin())
        {
            for (var i = 0; i < 5; i++)
            {
                await downloader.Download(new Abstractions.DownloadRequest($"traced{i}", TimeSpan.Zero, 0));
            }
        }

        var trace = await recorder.CollectAsync(fixture.Grains, CancellationToken.None);
        Assert.Equal(2, trace.Calls);
        Assert.Equal(3, trace.Dropped);
        Assert.Contains("limit", trace.LimitNote);

        using var stream = new MemoryStream();
        ChromeTraceWriter.Write(stream, trace);
        using var json = JsonDocument.Parse(stream.ToArray());
        var other = json.RootElement.GetProperty("otherData");
        Assert.Equal(3, other.GetProperty("droppedEvents").GetInt64());
        Assert.Contains("limit", other.GetProperty("note").GetString());
        Assert.Contains(json.RootElement.GetProperty("traceEvents").EnumerateArray(), e => e.GetProperty("ph").GetString() == "i" && e.GetProperty("name").GetString()!.Contains("limit"));
    }

    private static List<Abstractions.Tracing.GrainCallRecord> CallsIn(RunTrace trace, StrategySection section) =>
        trace.Silos.SelectMany(s => s.Calls)
            .Where(c => c.StartMicroseconds >= section.StartMicroseconds && c.EndMicroseconds <= section.EndMicroseconds)
            .ToList();
}
