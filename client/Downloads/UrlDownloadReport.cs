namespace Concurrency.Client.Downloads;

/// <summary>
/// The account of a URL list: one outcome per line that held a URL, and totals that add up to them. The totals are
/// computed from the outcomes, so nothing can be counted that is not listed, nor listed and not counted.
/// </summary>
public sealed record UrlDownloadReport(IReadOnlyList<UrlOutcome> Urls, double Seconds, int Concurrency, double TimeoutSeconds, int MaxRetries, bool Complete)
{
    public int Succeeded => Urls.Count(u => u.Succeeded);

    public int Failed => Urls.Count - Succeeded;

    public long Attempts => Urls.Sum(u => (long)u.Attempts);

    /// <summary>Tries after each URL's first; a bad line made no try at all, so it adds none.</summary>
    public long Retries => Urls.Sum(u => (long)Math.Max(0, u.Attempts - 1));

    public long Bytes => Urls.Sum(u => u.Bytes);

    public IReadOnlyDictionary<string, int> FailureReasons =>
        Urls.Where(u => !u.Succeeded).GroupBy(u => u.Error ?? "failed").OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count());
}
