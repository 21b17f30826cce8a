namespace Concurrency.Client.Experiments;

/// <summary>
/// What one round's judge said about one check: a sample of the figure with its bound. The rounds' readings of the
/// same figure are decided together (<see cref="Evidence"/>), never one at a time.
/// </summary>
public abstract record Reading(string Figure, string Rule);

/// <summary>Which side of <see cref="ThresholdReading.Bound"/> passes.</summary>
public enum PassSide
{
    AtLeast,
    AtMost,
}

/// <summary>
/// A figure against one bound. <see cref="Ceiling"/>, where there is one, is a physical limit (a speedup above the
/// cores there are): a figure surely above it is a measurement fault, not evidence for the claim.
/// <see cref="MeasuredOnce"/>, where given, are the samples of a figure measured once for the whole run (a cost
/// measured before the rounds): every round reads the same figure, so its interval is those samples', and the
/// rounds' repeats of it add no evidence.
/// </summary>
public sealed record ThresholdReading(string Figure, string Rule, double Measured, double Model, double Bound, PassSide Side, string Unit, double? Ceiling = null, IReadOnlyList<double>? MeasuredOnce = null)
    : Reading(Figure, Rule);

/// <summary>A figure that passes between <see cref="Low"/> and <see cref="High"/> (a model's band, either way).</summary>
public sealed record BandReading(string Figure, string Rule, double Measured, double Model, double Low, double High, string Unit)
    : Reading(Figure, Rule);

/// <summary>A fact that must be exactly so in every round (the same pi to the last bit, every download counted once).</summary>
public sealed record FactReading(string Figure, string Rule, bool Ok, string Measured, string Expected)
    : Reading(Figure, Rule);

/// <summary>
/// A round that gives no sample of the figure, and why (<see cref="Judgement.Unread"/>): the figure is decided on the
/// rounds that read it, and where none did the claim is not judged, for that reason.
/// </summary>
public sealed record UnreadReading(string Figure, string Reason)
    : Reading(Figure, Reason);
