namespace Concurrency.Grains;

/// <summary>
/// How long an experiment's grains outlive their last call. Every run uses fresh grain keys, so a silo that runs
/// experiments for days would pile up activations if idle ones stayed; instead an idle grain is collected after
/// <see cref="IdleSeconds"/>, long enough to watch it on the dashboard, short enough that a soak stays flat.
/// </summary>
public static class GrainLifetime
{
    public const int IdleSeconds = 20;

    /// <summary><see cref="IdleSeconds"/> as Orleans' attribute takes it (a TimeSpan in text).</summary>
    public const string IdleLimit = "00:00:20";

    /// <summary>How often the silo looks for idle activations; the age limit is only as precise as this.</summary>
    public static readonly TimeSpan CollectionQuantum = TimeSpan.FromSeconds(5);
}
