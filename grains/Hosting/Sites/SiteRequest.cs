using System.Globalization;
using Concurrency.Abstractions;
using Microsoft.AspNetCore.Http;

namespace Concurrency.Hosting.Sites;

/// <summary>
/// One request to the sites endpoint, read and checked: a value outside the bounds is refused with a 400 and a
/// sentence saying what is allowed, rather than tying up the server for hours or streaming gigabytes.
/// </summary>
public sealed record SiteRequest(string Site, TimeSpan Latency, int Bytes, double FailRate, double HangRate, double SlowRate, TimeSpan Trickle, int Seed, int Attempt)
{
    public static readonly TimeSpan DefaultTrickle = TimeSpan.FromSeconds(2);

    public SiteOutcome Outcome => SiteDice.Roll(Seed, Site, Attempt, FailRate, HangRate, SlowRate);

    public static bool TryRead(string site, HttpRequest request, out SiteRequest read, out string error)
    {
        read = null!;
        var query = request.Query;
        if (!TryDuration(query, SiteQuery.Latency, TimeSpan.Zero, out var latency, out error)
            || !TryInt(query[SiteQuery.Bytes], SiteQuery.Bytes, 0, 0, SiteQuery.MaxBytes, out var bytes, out error)
            || !TryRate(query, SiteQuery.Fail, out var fail, out error)
            || !TryRate(query, SiteQuery.Hang, out var hang, out error)
            || !TryRate(query, SiteQuery.Slow, out var slow, out error)
            || !TryDuration(query, SiteQuery.Trickle, DefaultTrickle, out var trickle, out error)
            || !TryInt(query[SiteQuery.Seed], SiteQuery.Seed, 0, int.MinValue, int.MaxValue, out var seed, out error)
            || !TryInt(request.Headers[SiteQuery.AttemptHeader], SiteQuery.AttemptHeader, 1, 1, int.MaxValue, out var attempt, out error))
        {
            return false;
        }

        if (fail + hang + slow > 1)
        {
            error = $"{SiteQuery.Fail} + {SiteQuery.Hang} + {SiteQuery.Slow} is {fail + hang + slow:0.###}: the rates share one request, so together they may be at most 1.";
            return false;
        }

        read = new SiteRequest(site, latency, bytes, fail, hang, slow, trickle, seed, attempt);
        return true;
    }

    private static bool TryDuration(IQueryCollection query, string name, TimeSpan defaultValue, out TimeSpan value, out string error)
    {
        value = defaultValue;
        error = "";
        if (query[name] is not [{ } text])
        {
            return true;
        }

        if (!DurationText.TryParse(text, out value))
        {
            error = $"{name} '{text}' is not a duration: write {DurationText.Syntax}.";
            return false;
        }

        if (value < TimeSpan.Zero || value > SiteQuery.MaxLatency)
        {
            error = $"{name} {text} is out of range: allowed 0s to {DurationText.Format(SiteQuery.MaxLatency)}.";
            return false;
        }

        return true;
    }

    private static bool TryInt(Microsoft.Extensions.Primitives.StringValues values, string name, int defaultValue, int min, int max, out int value, out string error)
    {
        value = defaultValue;
        error = "";
        if (values is not [{ } text])
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            error = $"{name} '{text}' is not allowed: write a whole number from {min.ToString("N0", CultureInfo.InvariantCulture)} to {max.ToString("N0", CultureInfo.InvariantCulture)}.";
            return false;
        }

        value = (int)parsed;
        return true;
    }

    private static bool TryRate(IQueryCollection query, string name, out double value, out string error)
    {
        value = 0;
        error = "";
        if (query[name] is not [{ } text])
        {
            return true;
        }

        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) || value is < 0 or > 1)
        {
            error = $"{name} '{text}' is not a rate: write a number from 0 to 1 (0.1 is one request in ten).";
            return false;
        }

        return true;
    }
}
