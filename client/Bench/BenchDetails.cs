using System.Text.Json.Serialization;
using Concurrency.Client.Results;

namespace Concurrency.Client.Bench;

/// <summary>What a bench figure measured beside its value, a record per kind, written in the JSON as its own type.</summary>
[JsonConverter(typeof(RuntimeTypeConverter<BenchDetails>))]
public abstract record BenchDetails;

/// <summary>The Leibniz kernels side by side on one thread.</summary>
public sealed record KernelDetails(long Terms, double ScalarTermsPerSecond, double SimdTermsPerSecond, int VectorWidth) : BenchDetails;

/// <summary>Process CPU time per call, and the rate it bounds when every core is busy.</summary>
public sealed record CallCpuDetails(double CpuMicrosecondsPerCall, int ProcessorCount, double CeilingCallsPerSecond) : BenchDetails
{
    public static CallCpuDetails Of(double microsecondsPerCall) => new(microsecondsPerCall, Environment.ProcessorCount, Environment.ProcessorCount * 1e6 / microsecondsPerCall);
}

/// <summary>A latency's tail beside its median.</summary>
public sealed record LatencyTailDetails(double P99Microseconds) : BenchDetails;

/// <summary>Every run's time, sorted, of which the figure is the median.</summary>
public sealed record RunsDetails(IReadOnlyList<double> RunsSeconds) : BenchDetails;

/// <summary>The two cpu strategies whose ratio is the speedup.</summary>
public sealed record SpeedupDetails(double SingleGrainSeconds, double StatelessWorkersSeconds) : BenchDetails;

/// <summary>An executor's map: whether every result was the loop's, and how long it took.</summary>
public sealed record MapDetails(bool Identical, double Seconds) : BenchDetails;

/// <summary>How the downloads ended.</summary>
public sealed record DownloadDetails(long Succeeded, long Failed) : BenchDetails;
