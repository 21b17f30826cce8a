using System.Text.Json.Serialization;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// One mixed strategy's figures: the requests' latency percentiles, how many succeeded, and the jobs' pi. For
/// offload-to-workers with the silo on this machine, <see cref="FreeCores"/>: the cores' worth the machine gave straight
/// after the round (as cpu's pools take it), which decides whether offloading could show its gain in that round.
/// </summary>
public sealed record MixedFigures(
    double P50Ms,
    double P99Ms,
    double MaxMs,
    int Requests,
    int Succeeded,
    [property: JsonConverter(typeof(ReportJson.ExactDoubleConverter))] double Result,
    bool SameAsLocalRun,
    int Jobs,
    double MeanJobSeconds,
    double LongestJobSeconds) : StrategyFigures, ICountsFailures
{
    public double? FreeCores { get; init; }

    public long Failed => Requests - Succeeded;
}
