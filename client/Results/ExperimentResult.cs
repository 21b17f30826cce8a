namespace Concurrency.Client.Results;

/// <summary>One experiment's verdict on one of the article's claims.</summary>
public sealed record ExperimentResult(
    string Name,
    string Claim,
    IReadOnlyDictionary<string, object?> Parameters,
    IReadOnlyList<StrategyResult> Strategies,
    bool Holds,
    string Explanation);
