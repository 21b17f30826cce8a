using System.Text.Json;

namespace Concurrency.Tests.Infrastructure;

/// <summary>What the client's `run cpu --strategy cluster --json` document says of the cluster its jobs ran on.</summary>
public static class ClusterRunJson
{
    /// <summary>
    /// Asserts the run saw <paramref name="silos"/> silos and that its jobs ran on that many, and returns the first
    /// strategy's metrics with its jobs per silo (silo address: count).
    /// </summary>
    public static (JsonElement Metrics, List<JsonProperty> JobsPerSilo) OnSilos(JsonDocument json, int silos)
    {
        ArgumentNullException.ThrowIfNull(json);
        Assert.Equal(silos, json.RootElement.GetProperty("cluster").GetProperty("silos").GetInt32());
        var metrics = json.RootElement.GetProperty("experiments")[0].GetProperty("strategies")[0].GetProperty("metrics");
        var jobsPerSilo = metrics.GetProperty("cluster").GetProperty("jobsPerSilo").EnumerateObject().ToList();
        Assert.Equal(silos, jobsPerSilo.Count);
        return (metrics, jobsPerSilo);
    }
}
