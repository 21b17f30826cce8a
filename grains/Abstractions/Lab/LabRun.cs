namespace Concurrency.Abstractions.Lab;

/// <summary>One strategy's measured time against its model, as the client reported it when the strategy finished.</summary>
[GenerateSerializer, Immutable, Alias("concurrency.lab-strategy-result")]
public sealed record LabStrategyResult(
    [property: Id(0)] string Experiment,
    [property: Id(1)] string Strategy,
    [property: Id(2)] double? ExpectedSeconds,
    [property: Id(3)] double MeasuredSeconds);

/// <summary>An experiment's verdict (holds, does not hold, not judged, ...) in the client's words, and why.</summary>
[GenerateSerializer, Immutable, Alias("concurrency.lab-verdict")]
public sealed record LabVerdict(
    [property: Id(0)] string Experiment,
    [property: Id(1)] string Verdict,
    [property: Id(2)] string Explanation);

/// <summary>
/// A silo that membership declared dead while a strategy ran (<paramref name="During"/>, "experiment/strategy"), at
/// <paramref name="AtMicroseconds"/> on the trace's clock: the page marks the moment on its lanes.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.lab-silo-loss")]
public sealed record LabSiloLoss(
    [property: Id(0)] string Silo,
    [property: Id(1)] long AtMicroseconds,
    [property: Id(2)] string During);

/// <summary>What the client last told a silo about its run: what runs now, what has finished (the latest ones), and the silos lost.</summary>
[GenerateSerializer, Immutable, Alias("concurrency.lab-run")]
public sealed record LabRun(
    [property: Id(0)] string? Experiment,
    [property: Id(1)] string? Strategy,
    [property: Id(2)] IReadOnlyList<LabStrategyResult> Strategies,
    [property: Id(3)] IReadOnlyList<LabVerdict> Verdicts,
    [property: Id(4)] long Version)
{
    public const int MaxKept = 100;

    [Id(5)]
    public IReadOnlyList<LabSiloLoss> Losses { get; init; } = [];

    public static LabRun Empty { get; } = new(null, null, [], [], 0);
}
