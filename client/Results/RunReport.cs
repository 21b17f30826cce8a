namespace Concurrency.Client.Results;

/// <summary>
/// The whole output of a run: the JSON document that <c>--json</c> prints. <see cref="Complete"/> is false when
/// the run was cut short; the experiments then hold only what finished. <see cref="Trace"/> is there only when the
/// run was traced (<c>--trace</c> or <c>--report</c>).
/// </summary>
public sealed record RunReport(ClusterInfo Cluster, IReadOnlyList<ExperimentResult> Experiments, bool Complete = true)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public TraceSummary? Trace { get; init; }
}
