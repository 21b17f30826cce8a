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

    /// <summary>Why an incomplete run stopped (Ctrl+C, a lost cluster); absent from a complete run.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Stopped { get; init; }
}
