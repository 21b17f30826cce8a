using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// A real Prometheus (Debian's package; .ci/run installs it), started by the test itself, never as a service: a
/// generated config that scrapes one target every second, a free loopback port and a temporary storage folder, all
/// gone on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";

    public const string Job = "lab-silo";

    private readonly Process _process;
    private readonly string _folder;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string folder, Uri api)
    {
        _process = process;
        _folder = folder;
        _http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(10) };
    }

    public static bool Installed => File.Exists(Binary);

    public static PrometheusServer Start(Uri metrics)
    {
        var folder = Directory.CreateTempSubdirectory("lab-prometheus-").FullName;
        var config = Path.Combine(folder, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: {Job}
                metrics_path: {metrics.AbsolutePath}
                static_configs:
                  - targets: ["{metrics.Authority}"]
            """);
        var port = FreeTcpPort.Pick();
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{Binary} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PrometheusServer(process, folder, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>
    /// The series an instant query returns, asked again until <paramref name="found"/> accepts them or the deadline
    /// passes. Prometheus announces nothing when a scrape lands, so asking its API is the only way to know.
    /// </summary>
    public async Task<IReadOnlyList<PrometheusSeries>> QueryUntilAsync(string query, Func<IReadOnlyList<PrometheusSeries>, bool> found, TimeSpan within)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
        var last = "no answer yet";
        IReadOnlyList<PrometheusSeries> series = [];
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}");
            }

            try
            {
                series = await QueryAsync(query);
                if (found(series))
                {
                    return series;
                }

                last = $"{series.Count} series";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            // Prometheus scrapes every second: asking far more often than that only loads the machine.
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException($"prometheus query '{query}' not satisfied within {within.TotalSeconds:0} s: {last}");
    }

    public async Task<IReadOnlyList<PrometheusSeries>> QueryAsync(string query)
    {
        using var answer = await _http.GetFromJsonAsync<JsonDocument>($"api/v1/query?query={Uri.EscapeDataString(query)}")
            ?? throw new InvalidOperationException("empty answer from prometheus");
        var data = answer.RootElement.GetProperty("data");
        return [.. data.GetProperty("result").EnumerateArray().Select(r => new PrometheusSeries(
            r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal),
            double.Parse(r.GetProperty("value")[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)))];
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>One series of an instant query's answer: its labels and its value now.</summary>
public sealed record PrometheusSeries(IReadOnlyDictionary<string, string> Labels, double Value)
{
    public bool Has(string label, string value) => Labels.TryGetValue(label, out var actual) && actual == value;
}
