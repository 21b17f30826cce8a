namespace Concurrency.Hosting.Sites;

/// <summary>
/// Decides how a site misbehaves, reproducibly: the same seed, site and try always get the same answer, whatever the
/// timing or the order in which requests arrive. So a failed try can succeed on retry, and a run can be repeated.
/// </summary>
public static class SiteDice
{
    public static SiteOutcome Roll(int seed, string site, int attempt, double failRate, double hangRate, double slowRate)
    {
        var hash = Mix(Hash(site) ^ Mix(((ulong)(uint)seed << 32) | (uint)attempt));
        var roll = (hash >> 11) * (1.0 / (1UL << 53));
        if (roll < failRate)
        {
            // Failures are split evenly between the three ways a server fails: 500, 503 and a dropped connection.
            return (Mix(hash) % 3) switch
            {
                0 => SiteOutcome.InternalServerError,
                1 => SiteOutcome.ServiceUnavailable,
                _ => SiteOutcome.Reset,
            };
        }

        if (roll < failRate + hangRate)
        {
            return SiteOutcome.Hang;
        }

        return roll < failRate + hangRate + slowRate ? SiteOutcome.Slow : SiteOutcome.Normal;
    }

    /// <summary>FNV-1a: stable across processes and runs, unlike string.GetHashCode.</summary>
    private static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>SplitMix64's finaliser: spreads every input bit over the whole output.</summary>
    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
