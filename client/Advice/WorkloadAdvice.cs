using System.Text.Json.Serialization;

namespace Concurrency.Client.Advice;

/// <summary>
/// What <c>client advise</c> answers: the Orleans shape, the tool the article names for the same case, the experiment
/// that demonstrates it, and why. Its JSON is exactly those four fields.
/// </summary>
public sealed record WorkloadAdvice(
    string Recommendation,
    string PythonEquivalent,
    string Experiment,
    IReadOnlyList<string> Reasons,
    [property: JsonIgnore] DecisionBranch Branch,
    [property: JsonIgnore] Workload Workload);
