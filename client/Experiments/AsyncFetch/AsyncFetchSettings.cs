using System.Text.Json.Serialization;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>Settings of <see cref="AsyncFetchExperiment"/>: how many fetches, and how long each one waits.</summary>
public sealed record AsyncFetchSettings(int Count, [property: JsonIgnore] TimeSpan Latency) : ExperimentSettings
{
    public double LatencySeconds => Latency.TotalSeconds;
}
