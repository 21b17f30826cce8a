using System.Text.Json.Serialization;
using Concurrency.Client.Cluster;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// What one cpu strategy measured: the pi it returned (and whether every job matched the local run to the last bit),
/// jobs finished a second, the cores the silo kept busy (embedded silo only: its CPU time over the wall time), and for
/// the cluster strategy where the jobs ran. Taken in the same round, straight after the strategy, so a machine busier
/// or quieter for that round is so for both sides of a ratio: <paramref name="LocalJobSeconds"/>, one job crunched in
/// the caller (single-grain: the serial check's yardstick), and <paramref name="FreeCores"/>, the cores' worth the
/// machine gave (the pools, with every silo on this machine: their model's cores).
/// </summary>
public sealed record CpuFigures(
    [property: JsonConverter(typeof(ReportJson.ExactDoubleConverter))] double Result,
    bool SameAsLocalRun,
    double ErrorVsMathPi,
    double JobsPerSecond,
    double? CoresBusy,
    ClusterTally? Cluster = null,
    double? LocalJobSeconds = null,
    double? FreeCores = null) : StrategyFigures;
