namespace Concurrency.Client.Experiments;

/// <summary>
/// How many rounds an experiment samples its strategies for. Two is the fewest an interval can be drawn from (and
/// enough when the effect is many times the noise, as most of the article's are); each further round narrows the
/// interval of a check that is still too noisy, up to <see cref="MaxRounds"/>, which bounds the tour's time.
/// </summary>
public sealed record Sampling(int MinRounds, int MaxRounds)
{
    public static Sampling Default { get; } = new(MinRounds: 2, MaxRounds: 5);
}
