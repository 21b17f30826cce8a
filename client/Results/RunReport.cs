namespace Concurrency.Client.Results;

/// <summary>
/// The whole output of a run: the JSON document that <c>--json</c> prints. <see cref="Complete"/> is false when
/// the run was cut short; the experiments then hold only what finished.
/// </summary>
public sealed record RunReport(ClusterInfo Cluster, IReadOnlyList<ExperimentResult> Experiments, bool Complete = true);
