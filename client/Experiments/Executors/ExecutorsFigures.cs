using System.Text.Json.Serialization;
using Concurrency.Client.Cluster;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// What one executor measured mapping one function: the result (the items' sum; 4 x the sum for pi-chunk), the
/// digest of every item's result and whether it is the inline loop's, items a second, and for the cluster executor
/// where its batches ran.
/// </summary>
public sealed record ExecutorsFigures(
    string Executor,
    string Function,
    long Items,
    int Batches,
    double ItemsPerSecond,
    [property: JsonConverter(typeof(ReportJson.ExactDoubleConverter))] double Result,
    string Digest,
    bool Identical,
    ClusterTally? Cluster = null) : StrategyFigures;
