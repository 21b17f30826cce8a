using System.Text.Json.Serialization;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// What the sync experiment measures before its strategies: each path's fit on 1 and <see cref="SyncSettings.FitFiles"/>
/// warm files, read here (and on the silo for the grain path), and the files themselves, which the experiment owns.
/// </summary>
public sealed record SyncCosts(ReadPathFit Sync, ReadPathFit Async, ReadPathFit Grains, int FitFiles) : MeasuredCosts
{
    /// <summary>The model's break-even count of files for the async path: null where it never pays.</summary>
    public double? AsyncBreakEvenFiles => SyncExperiment.BreakEven(Sync, Async);

    /// <summary>The model's break-even count of files for one grain call per file: null where it never pays.</summary>
    public double? GrainsBreakEvenFiles => SyncExperiment.BreakEven(Sync, Grains);

    [JsonIgnore]
    internal FileSet? FileSet { get; init; }
}
