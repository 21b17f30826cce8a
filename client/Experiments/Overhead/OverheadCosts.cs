using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// What the break-even model takes, measured before any strategy: one term of the article's loop here in the caller,
/// and the wall time one empty grain call costs with <see cref="OverheadExperiment.Window"/> calls in flight over the
/// <see cref="Cores"/> pool keys of the stateless pool. Calls pay for an item once its work exceeds
/// <see cref="BreakEvenWork"/> terms; on one core they never do (null).
/// </summary>
public sealed record OverheadCosts(double PerTermNanoseconds, double PerCallOverheadMicroseconds, int Cores) : MeasuredCosts
{
    /// <summary>Inline an item costs w·c; sent in its own call, o + w·c / P of wall time: calls pay when w &gt; o / (c·(1 - 1/P)).</summary>
    public long? BreakEvenWork => Cores > 1 ? (long)Math.Ceiling(PerCallOverheadMicroseconds * 1e3 / (PerTermNanoseconds * (1 - (1.0 / Cores)))) : null;
}
