using System.Text.Json;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary><c>client bench --quick --json</c> at a tiny scale: it runs, and prints every figure with its target.</summary>
[Trait("Category", "Slow")]
public sealed class BenchCommandTests
{
    [Fact]
    public async Task Bench_quick_json_prints_every_figure_beside_its_target()
    {
        var run = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(180), "bench", "--quick", "--json");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("quick").GetBoolean());
        Assert.True(root.GetProperty("machine").GetProperty("processorCount").GetInt32() >= 1);
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("machine").GetProperty("cpuModel").GetString()));

        var figures = root.GetProperty("figures").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        string[] expected =
        [
            "cold-start-wall", "downloads-1000-wall", "downloads-1000-peak-memory", "downloads-10000-wall", "downloads-10000-peak-memory",
            "calls-in-silo-per-second", "calls-from-silo-host-per-second", "calls-through-gateway-per-second", "call-latency-through-gateway-p50",
            "kernel-simd-speedup", "kernel-simd-relative-error", "cpu-stateless-speedup", "executors-stateless-pool-items-per-second",
        ];
        Assert.Equal(expected.Order(), figures.Keys.Order());
        foreach (var (name, figure) in figures)
        {
            var value = figure.GetProperty("value").GetDouble();
            var direction = figure.GetProperty("direction").GetString();
            Assert.True(value >= 0 && double.IsFinite(value), $"{name}: {value}");
            Assert.False(string.IsNullOrWhiteSpace(figure.GetProperty("unit").GetString()) && name != "kernel-simd-relative-error", $"{name} has no unit");
            Assert.False(string.IsNullOrWhiteSpace(figure.GetProperty("method").GetString()), $"{name} does not say how it was measured");
            Assert.Contains(direction, new[] { "at-most", "at-least" });

            // "met" must agree with the figure and its target: it is computed, not asserted. A comparison figure has neither.
            if (figure.GetProperty("target").ValueKind == JsonValueKind.Null)
            {
                Assert.Equal(JsonValueKind.Null, figure.GetProperty("met").ValueKind);
                continue;
            }

            var target = figure.GetProperty("target").GetDouble();
            var met = direction == "at-most" ? value <= target : value >= target;
            Assert.Equal(met, figure.GetProperty("met").GetBoolean());
        }
    }

    [Fact]
    public async Task Bench_refuses_a_gateway_because_it_measures_this_machine()
    {
        var run = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(60), "bench", "--gateway", "127.0.0.1:30000");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("embedded", Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
