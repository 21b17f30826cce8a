using System.Text.Json.Serialization;
using Concurrency.Abstractions;
using Concurrency.Client.Executors;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// One function mapped over all its items in a plain loop here in the caller: its time (T, the models' unit of
/// work) and its digest, which every executor must return bit for bit.
/// </summary>
public sealed record InlineRun(string Function, long Items, double Seconds, [property: JsonIgnore] WorkDigest Digest)
{
    public double MicrosecondsPerItem => Seconds / Items * 1e6;

    [JsonPropertyName("digest")]
    public string DigestText => $"{Digest.Hash:x16}";
}

/// <summary>
/// What the executors experiment measures before any executor runs: each function's inline loop (T and the digest to
/// match) and the cost of one grain call that carries no work (the price an executor pays per batch).
/// </summary>
public sealed record ExecutorsCosts(InlineRun Doubling, InlineRun PiChunk, double CallSeconds) : MeasuredCosts
{
    private const int CallSamples = 21;

    public InlineRun Of(WorkFunction function) => function == WorkFunctions.Doubling ? Doubling : PiChunk;

    /// <summary>
    /// Each function's loop is timed <see cref="Measure.Repeats"/> times and the fastest kept, so neither the first
    /// touch of the code nor of the memory is counted as work; a call's cost is the median round trip of an empty batch to one activated grain.
    /// </summary>
    public static async Task<ExecutorsCosts> MeasureAsync(IGrainFactory grains, ExecutorsSettings settings, CancellationToken cancellationToken)
    {
        var doubling = await InlineAsync(WorkFunctions.Doubling, settings.Items, cancellationToken);
        var piChunk = await InlineAsync(WorkFunctions.PiChunk, settings.PiItems, cancellationToken);
        var grain = grains.GetGrain<INumberCruncherGrain>(GrainKeys.NewBase());
        var empty = new WorkBatch(WorkFunctions.Doubling.Name, 0, 0);
        await grain.Map(empty, cancellationToken);
        var samples = new List<double>(CallSamples);
        for (var i = 0; i < CallSamples; i++)
        {
            var (_, seconds) = await Measure.SecondsAsync(() => grain.Map(empty, cancellationToken).AsTask());
            samples.Add(seconds);
        }

        samples.Sort();
        return new ExecutorsCosts(doubling, piChunk, samples[CallSamples / 2]);
    }

    private static async Task<InlineRun> InlineAsync(WorkFunction function, long items, CancellationToken cancellationToken)
    {
        var loop = new InlineExecutor();
        Task<WorkDigest> Run() => loop.MapAsync(function, items, _ => { }, cancellationToken);
        var (digest, seconds) = await Measure.FastestAsync(Run);
        return new InlineRun(function.Name, items, seconds, digest);
    }
}
