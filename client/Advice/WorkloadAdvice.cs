using System.Text.Json.Serialization;
using Concurrency.Client.Experiments;

namespace Concurrency.Client.Advice;

/// <summary>
/// What <c>client advise</c> answers: the Orleans shape, the tool the article names for the same case, the experiment
/// that demonstrates it (one of the catalog's, <see cref="Measure"/>), and why. Its JSON is exactly those four fields.
/// </summary>
public sealed record WorkloadAdvice(
    string Recommendation,
    string PythonEquivalent,
    [property: JsonIgnore] IExperiment Measure,
    [property: JsonPropertyOrder(1)] IReadOnlyList<string> Reasons,
    [property: JsonIgnore] DecisionBranch Branch,
    [property: JsonIgnore] Workload Workload)
{
    /// <summary>The experiment's name, as the command line and the JSON say it.</summary>
    public string Experiment => Measure.Name;
}
