using System.Text.Json.Serialization;
using Concurrency.Abstractions;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// What the pi experiments measure before any grain runs: T1, one job crunched here in the caller with the very
/// chunks the grains get, and the pi it returned, which every strategy must match to the last bit.
/// </summary>
public sealed record PiCosts(double T1Seconds, [property: JsonConverter(typeof(ReportJson.ExactDoubleConverter))] double LocalPi) : MeasuredCosts
{
    /// <summary>
    /// The fastest of <see cref="Measure.Repeats"/> local runs, so the start-up of the process (the JIT, an embedded
    /// silo) is not counted as crunching.
    /// </summary>
    public static async Task<PiCosts> MeasureAsync(PiJob job, CancellationToken cancellationToken)
    {
        Task<double> RunLocally() => job.RunAsync((chunk, _) => ValueTask.FromResult(LeibnizKernel.Sum(chunk)), cancellationToken: cancellationToken);
        var (pi, seconds) = await Measure.FastestAsync(RunLocally);
        return new PiCosts(seconds, pi);
    }
}
