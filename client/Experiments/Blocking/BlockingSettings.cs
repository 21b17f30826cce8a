using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>Settings of <see cref="BlockingExperiment"/>: fetches sent to one grain, their latency, and the grains that block at once in blocking-many.</summary>
public sealed record BlockingSettings(int Count, [property: System.Text.Json.Serialization.JsonIgnore] TimeSpan Latency, int Grains) : ExperimentSettings
{
    /// <summary>The latency in seconds, as the JSON's parameters have always said it.</summary>
    public double LatencySeconds => Latency.TotalSeconds;
}
