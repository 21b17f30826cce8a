using System.Diagnostics;
using System.Text.Json;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// Real processes, killed with SIGKILL: five silo processes that find each other in a Redis membership table (so any
/// of them may die, the client's gateway included), and the client as a process of its own. The silo holding the
/// concurrent downloads' downloader (found in each silo's own /metrics) dies a second into its reads; then one dies
/// as each cpu strategy starts. Every run completes with the exact result and nothing counted twice; each loss is on the record,
/// and the time of a strategy that lost a silo is not judged.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ProcessKillTests
{
    private const int Count = 2_000;
    private const int Jobs = 4;

    private static readonly TimeSpan Within = TimeSpan.FromMinutes(3);

    [SkippableFact]
    public async Task Silo_processes_killed_during_each_cpu_strategy_and_during_downloads_lose_nothing()
    {
        Skip.If(RedisServer.Executable is null, RedisServer.NotInstalled);
        await using var redis = await RedisServer.StartAsync();
        string[] membership = ["--clustering", "redis", "--redis", $"127.0.0.1:{redis.Endpoint.Port}"];
        var silos = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SiloProcess.StartAsync(membership)));
        try
        {
            // Downloads: one batch, so one downloader, warmed before "started". Its silo dies 2 s into the 5 s reads.
            var alive = silos.ToList();
            await Task.WhenAll(silos.Select(ScrapeAsync));
            using (var downloads = await WatchedClient.StartAsync(["run", "downloads", "--strategy", "concurrent", "--count", $"{Count}", "--latency", "5s", "--json", "--verbose", .. membership], "downloads/concurrent: started"))
            {
                var started = Stopwatch.StartNew();
                var holder = await HolderOfDownloaderAsync(silos);
                alive.Remove(holder);
                var into = TimeSpan.FromSeconds(2) - started.Elapsed;
                Assert.True(into > TimeSpan.Zero, $"finding the downloader's silo took {started.Elapsed.TotalSeconds:0.0} s: the kill would not land mid-read");
                await Task.Delay(into);
                holder.Process.Kill();
                var json = await ExitedAsync(downloads);
                var strategy = Assert.Single(Experiment(json).GetProperty("strategies").EnumerateArray());
                var figures = strategy.GetProperty("metrics");
                Assert.Equal(Count, figures.GetProperty("downloads").GetInt32());
                Assert.Equal(Count, figures.GetProperty("succeeded").GetInt32());
                Assert.Equal(0, figures.GetProperty("failed").GetInt64());
                AssertLostOrResent(json, holder, downloads.Progress);
            }

            // Cpu: a silo dies as each strategy's first round starts; the last silo standing finishes the run.
            string[] strategies = ["single-grain", "stateless-workers", "cluster"];
            using var cpu = await WatchedClient.StartAsync(["run", "cpu", "--jobs", $"{Jobs}", "--terms", "150000000", "--json", "--verbose", .. membership], "cpu/single-grain: started");
            for (var i = 0; i < strategies.Length; i++)
            {
                await cpu.LineAsync($"cpu/{strategies[i]}: started").WaitAsync(Within);
                alive[i].Process.Kill();
            }

            var cpuJson = await ExitedAsync(cpu);
            var experiment = Experiment(cpuJson);
            Assert.Equal(strategies.Order(StringComparer.Ordinal), experiment.GetProperty("strategies").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
            foreach (var strategy in experiment.GetProperty("strategies").EnumerateArray())
            {
                Assert.True(strategy.GetProperty("metrics").GetProperty("sameAsLocalRun").GetBoolean(), $"{strategy.GetProperty("name")}: pi is not the local run's\n{cpu.Progress}");
            }

            // Each cluster chunk counted once, on whichever silos ran it.
            var chunksPerJob = experiment.GetProperty("parameters").GetProperty("chunksPerJob").GetInt32();
            var cluster = experiment.GetProperty("strategies").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "cluster").GetProperty("metrics").GetProperty("cluster");
            Assert.Equal(Jobs * chunksPerJob, cluster.GetProperty("unitsPerSilo").EnumerateObject().Sum(p => p.Value.GetInt32()));

            // The first two deaths are declared while a later strategy still runs, so both are on some strategy's
            // record; the third may come after the last strategy ends, when no strategy's time was at stake.
            AssertLost(cpuJson, alive[0], cpu.Progress);
            AssertLost(cpuJson, alive[1], cpu.Progress);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>The one silo whose catalog holds a downloader activation, from every silo's Prometheus endpoint at once.</summary>
    private static async Task<SiloProcess> HolderOfDownloaderAsync(IReadOnlyList<SiloProcess> silos)
    {
        var scrapes = await Task.WhenAll(silos.Select(ScrapeAsync));
        var held = silos.Where((_, i) => System.Text.RegularExpressions.Regex.Matches(scrapes[i], @"^orleans_catalog_activations\{[^}]*grain_type=""downloader""[^}]*\} (\d+)", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Any(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0));
        return Assert.Single(held);
    }

    /// <summary>One silo's /metrics. The first scrape of a silo builds its exporter and takes about a second, so the test scrapes each once before the run.</summary>
    private static async Task<string> ScrapeAsync(SiloProcess silo)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{silo.HttpPort}/metrics"));
    }

    private static async Task<JsonDocument> ExitedAsync(WatchedClient client)
    {
        await client.WaitForExitAsync(Within);
        var stdout = await client.Rest;
        Assert.True(client.Process.ExitCode == 0, $"client exit {client.Process.ExitCode}:\n{client.Progress}");
        var json = JsonDocument.Parse(stdout);
        Assert.True(json.RootElement.GetProperty("complete").GetBoolean(), client.Progress);
        return json;
    }

    /// <summary>
    /// The killed silo is on the record as lost, or its calls failed at once (its connections reset) and were sent
    /// again before membership declared it dead, as can happen when the run ends within the declaration's seconds;
    /// either way the time is not judged.
    /// </summary>
    private static void AssertLostOrResent(JsonDocument json, SiloProcess silo, string progress)
    {
        var strategy = Assert.Single(Experiment(json).GetProperty("strategies").EnumerateArray());
        var resends = strategy.GetProperty("resends");
        Assert.True(resends.ValueKind == JsonValueKind.Object, $"downloads kept no record of resends\n{progress}");
        if (resends.GetProperty("silosLost").GetArrayLength() > 0)
        {
            AssertLost(json, silo, progress);
            return;
        }

        Assert.True(resends.GetProperty("retriedUnits").GetInt64() > 0, $"silo 127.0.0.1:{silo.SiloPort} was killed mid-run, yet no silo is on the record and nothing was sent again\n{progress}");
        var verdict = Experiment(json).GetProperty("verdict");
        Assert.Equal("not-judged", verdict.GetProperty("state").GetString());
        Assert.Contains("were sent again after a silo failed or refused them", verdict.GetProperty("notJudgedReason").GetString(), StringComparison.Ordinal);
    }

    private static JsonElement Experiment(JsonDocument json) => Assert.Single(json.RootElement.GetProperty("experiments").EnumerateArray());

    /// <summary>Some strategy lists <paramref name="silo"/> among its lost silos, and the experiment's time is not judged.</summary>
    private static void AssertLost(JsonDocument json, SiloProcess silo, string progress)
    {
        var experiment = Experiment(json);
        var lost = experiment.GetProperty("strategies").EnumerateArray()
            .Where(s => s.GetProperty("resends").ValueKind == JsonValueKind.Object)
            .SelectMany(s => s.GetProperty("resends").GetProperty("silosLost").EnumerateArray())
            .Select(l => l.GetProperty("silo").GetString()!)
            .ToList();
        Assert.True(lost.Any(l => l.StartsWith($"127.0.0.1:{silo.SiloPort}@", StringComparison.Ordinal)), $"silo 127.0.0.1:{silo.SiloPort} is on no strategy's record (lost: {string.Join(", ", lost)})\n{progress}");
        var verdict = experiment.GetProperty("verdict");
        Assert.Equal("not-judged", verdict.GetProperty("state").GetString());
        Assert.Contains("died mid-run", verdict.GetProperty("notJudgedReason").GetString(), StringComparison.Ordinal);
    }
}
