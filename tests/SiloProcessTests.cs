using System.Diagnostics;
using System.Text.Json;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// The README's second way of running: a silo process with its dashboard, and the client against its gateway.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SiloProcessTests
{
    [Fact]
    public async Task A_client_runs_against_a_silo_process_and_the_dashboard_shows_the_downloaders()
    {
        await using var silo = await SiloProcess.StartAsync();
        Assert.Contains(silo.Gateway, silo.ReadyLine);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{silo.HttpPort}") };
        var page = await http.GetAsync("/dashboard");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans Dashboard", await page.Content.ReadAsStringAsync());

        var run = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(90), "run", "downloads", "--count", "3", "--latency", "100ms", "--gateway", silo.Gateway, "--json");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.False(json.RootElement.GetProperty("cluster").GetProperty("embedded").GetBoolean());

        // Over HTTP, the client learns the silo's sites address from the silo itself, and its downloaders fetch there.
        var httpRun = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(90), "run", "downloads", "--source", "http", "--count", "3", "--latency", "100ms", "--gateway", silo.Gateway, "--json");
        Assert.True(httpRun.ExitCode == 0, $"exit {httpRun.ExitCode}: {httpRun.Stderr}");
        using var httpJson = JsonDocument.Parse(httpRun.Stdout);
        var experiment = httpJson.RootElement.GetProperty("experiments")[0];
        Assert.All(experiment.GetProperty("strategies").EnumerateArray(), s => Assert.Equal($"http://127.0.0.1:{silo.HttpPort}/", s.GetProperty("metrics").GetProperty("sites").GetString()));
        Assert.All(experiment.GetProperty("strategies").EnumerateArray(), s => Assert.Equal(3, s.GetProperty("metrics").GetProperty("succeeded").GetInt32()));

        // The dashboard samples its counters about once a second: wait for the downloader to show up.
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
        string counters;
        do
        {
            counters = await http.GetStringAsync("/dashboard/DashboardCounters");
            if (counters.Contains("DownloaderGrain", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(250);
        }
        while (Stopwatch.GetTimestamp() < deadline);

        Assert.Contains("DownloaderGrain", counters);
    }
}
