using Concurrency.Abstractions;

namespace Concurrency.Client.Downloads;

/// <summary>How one line of the list ended: fetched, failed after its tries, refused as a bad line, or never started.</summary>
public sealed record UrlOutcome(int Line, string Url, bool Succeeded, string Status, int StatusCode, long Bytes, double Seconds, int Attempts, string? Error)
{
    public static UrlOutcome Of(UrlEntry entry, DownloadResult result) => new(
        entry.Line,
        entry.Text,
        result.Succeeded,
        result.Succeeded ? $"{result.StatusCode}" : result.Error ?? "failed",
        result.StatusCode,
        result.Bytes,
        result.Elapsed.TotalSeconds,
        result.Attempts,
        result.Error);

    /// <summary>A line that never became a request: no try was made.</summary>
    public static UrlOutcome Refused(UrlEntry entry, string reason) =>
        new(entry.Line, entry.Text, false, reason, 0, 0, 0, 0, reason);
}
