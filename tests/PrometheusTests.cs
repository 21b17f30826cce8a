using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// The silo's /metrics as an operator uses it: a real Prometheus scrapes a real silo process every second, and its
/// query API then has Orleans' activation count and the lab's turn counter for the grains an experiment used.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PrometheusTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task Prometheus_scrapes_the_silo_and_has_its_activations_and_the_labs_turns()
    {
        Skip.IfNot(PrometheusServer.Installed, $"no Prometheus at {PrometheusServer.Binary}: install Debian's prometheus package (.ci/run does: apt-get install -y prometheus).");

        await using var silo = await SiloProcess.StartAsync("--no-dashboard");
        var run = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(90),
            "run", "downloads", "--count", "3", "--latency", "50ms", "--gateway", silo.Gateway, "--json");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");

        await using var prometheus = PrometheusServer.Start(new Uri($"http://127.0.0.1:{silo.HttpPort}/metrics"));

        // A scrape that outlived its 1 s timeout on a busy machine reads up 0; the next one may land. What must hold is
        // that one does within the bound: up 1, the silo's /metrics read whole.
        var up = await prometheus.QueryUntilAsync($"up{{job=\"{PrometheusServer.Job}\"}}", s => s.Count == 1 && s[0].Value == 1, Within);
        Assert.Equal(1, Assert.Single(up).Value);
        var activations = await prometheus.QueryUntilAsync("orleans_catalog_activations", s => s.Count > 0, Within);
        Assert.Contains(activations, s => s.Has("grain_type", "downloader") && s.Value >= 1);
        var turns = await prometheus.QueryUntilAsync("lab_grain_turns_total", s => s.Any(t => t.Has("grain_class", "DownloaderGrain")), Within);
        Assert.True(turns.Single(t => t.Has("grain_class", "DownloaderGrain")).Value >= 3, "a turn per download at least");
    }
}
