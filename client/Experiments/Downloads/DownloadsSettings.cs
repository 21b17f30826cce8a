using System.Text.Json.Serialization;
using Concurrency.Abstractions;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Settings of <see cref="DownloadsExperiment"/>. With <paramref name="Http"/> the downloads go over real HTTP to the
/// silo's sites endpoint (its address is taken from the run's context); without it they wait on the simulated network.
/// </summary>
public sealed record DownloadsSettings(int Count, [property: JsonIgnore] TimeSpan Latency, int Bytes = 0, [property: JsonIgnore] HttpFetch? Http = null) : ExperimentSettings
{
    public double LatencySeconds => Latency.TotalSeconds;

    public string Source => Http is null ? DownloadSources.Simulated : DownloadSources.Http;

    public double? TimeoutSeconds => Http?.Timeout.TotalSeconds;

    public int? Retries => Http?.Retries;

    public double? FailRate => Http?.FailRate;

    public double? HangRate => Http?.HangRate;

    public double? SlowRate => Http?.SlowRate;

    public int? Seed => Http?.Seed;

    /// <summary>Whether some answers were set to misbehave: the claim under test is then the accounting, not the time.</summary>
    [JsonIgnore]
    public bool FaultsInjected => Http is { FailRate: > 0 } or { HangRate: > 0 } or { SlowRate: > 0 };
}
