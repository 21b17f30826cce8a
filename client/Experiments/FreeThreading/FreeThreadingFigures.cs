using System.Text.Json.Serialization;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// One free-threading strategy's figures: the jobs' pi (equal to the local run's to the last bit), jobs a second, the
/// cores the silo kept busy (embedded silo only), and the counter: increments made, the value it ended at, and the
/// updates lost between them. As in cpu (see <see cref="CpuFigures"/>), each round takes its own yardsticks straight
/// after the strategy: <paramref name="LocalJobSeconds"/> (one-activation) and <paramref name="FreeCores"/> (the
/// free threads and the pool, with the silo on this machine).
/// </summary>
public sealed record FreeThreadingFigures(
    [property: JsonConverter(typeof(ReportJson.ExactDoubleConverter))] double Result,
    bool SameAsLocalRun,
    double JobsPerSecond,
    double? CoresBusy,
    long Increments,
    long Counted,
    long LostUpdates,
    double? LocalJobSeconds = null,
    double? FreeCores = null) : StrategyFigures;
