namespace Concurrency.Client.Results;

/// <summary>
/// One experiment's verdict on one of the article's claims. <see cref="Complete"/> is false for the experiment a
/// Ctrl+C (or a lost cluster) cut short: its strategies are those that finished, and it claims no verdict (<see cref="Holds"/> is false).
/// </summary>
public sealed record ExperimentResult(
    string Name,
    string Claim,
    IReadOnlyDictionary<string, object?> Parameters,
    IReadOnlyList<StrategyResult> Strategies,
    bool Holds,
    string Explanation,
    bool Complete = true)
{
    /// <summary>What is left of an experiment that was interrupted: the strategies that finished, and no verdict.</summary>
    public static ExperimentResult Interrupted(string name, string claim, IReadOnlyList<StrategyResult> finished, string reason = "Interrupted (Ctrl+C)") => new(
        name,
        claim,
        new Dictionary<string, object?>(),
        finished,
        Holds: false,
        $"{reason} after {finished.Count} strategies finished{(finished.Count > 0 ? $" ({string.Join(", ", finished.Select(s => s.Name))})" : "")}: " +
        "their figures are real, but the claim was not judged, so no verdict is given.",
        Complete: false);
}
