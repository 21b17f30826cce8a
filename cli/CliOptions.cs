using System.CommandLine.Parsing;
using System.CommandLine;
using System.Globalization;
using System.Net;
using Concurrency.Hosting;

namespace Concurrency.Cli;

/// <summary>
/// Option factories that validate while parsing, so every bad value is refused before anything starts,
/// with a message that names the option, the value and what is allowed.
/// </summary>
public static class CliOptions
{
    public static Option<int> Port(string name, int defaultValue, string description, bool allowZero = false)
    {
        var min = allowZero ? 0 : 1;
        return new Option<int>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => ParseInt(result, name, min, 65535),
        };
    }

    public static Option<int?> Count(string name, string description, int min, int max) => new(name)
    {
        Description = description,
        CustomParser = result => ParseInt(result, name, min, max),
    };

    /// <summary>A count too large for an int, such as a number of Leibniz terms.</summary>
    public static Option<long?> LongCount(string name, string description, long min, long max) => new(name)
    {
        Description = description,
        CustomParser = result => ParseLong(result, name, min, max),
    };

    /// <summary>One of an enum's names, written in lower case on the command line.</summary>
    public static Option<T?> Choice<T>(string name, string description)
        where T : struct, Enum => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = Single(result);
            var match = Enum.GetValues<T>().Where(v => string.Equals(v.ToString(), text, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 1)
            {
                return match[0];
            }

            result.AddError($"{name} '{text}' is not allowed: choose {string.Join(" or ", Enum.GetValues<T>().Select(v => v.ToString().ToLowerInvariant()))}.");
            return null;
        },
    };

    /// <summary>A duration within bounds; <paramref name="why"/>, if given, says in the refusal why the bounds are what they are.</summary>
    public static Option<TimeSpan?> Duration(string name, string description, TimeSpan min, TimeSpan max, string? why = null) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = Single(result);
            if (!DurationText.TryParse(text, out var duration))
            {
                result.AddError($"{name} '{text}' is not a duration: write {DurationText.Syntax}.");
                return null;
            }

            if (duration < min || duration > max)
            {
                result.AddError($"{name} {text} is out of range: allowed {DurationText.Format(min)} to {DurationText.Format(max)}{(why is null ? "" : $" ({why})")}.");
                return null;
            }

            return duration;
        },
    };

    /// <summary>A share of something, from 0 (none) to 1 (all).</summary>
    public static Option<double?> Rate(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = Single(result);
            if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) || rate is < 0 or > 1)
            {
                result.AddError($"{name} '{text}' is not a rate: allowed 0 to 1 (0.1 is one in ten).");
                return null;
            }

            return rate;
        },
    };

    /// <summary>One word from a fixed list, compared without regard to case.</summary>
    public static Option<string?> Choice(string name, string description, params string[] choices) => new(name)
    {
        Description = $"{description} One of: {string.Join(", ", choices)}.",
        CustomParser = result =>
        {
            var text = Single(result);
            var choice = choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
            if (choice is null)
            {
                result.AddError($"{name} '{text}' is not allowed: choose {string.Join(" or ", choices)}.");
            }

            return choice;
        },
    };

    public static Option<IPEndPoint?> Endpoint(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = Single(result);
            if (!EndpointText.TryParse(text, out var endpoint, out var error))
            {
                result.AddError($"{name} '{text}': {error}.");
                return null;
            }

            return endpoint;
        },
    };

    /// <summary>An absolute http:// or https:// address, such as an OTLP collector's.</summary>
    public static Option<Uri?> HttpUrl(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = Single(result);
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Host.Length == 0)
            {
                result.AddError($"{name} '{text}' is not an http:// or https:// address (e.g. http://127.0.0.1:4318).");
                return null;
            }

            return url;
        },
    };

    public static Option<IPAddress> Address(string name, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => IPAddress.Loopback,
        CustomParser = result =>
        {
            var text = Single(result);
            if (!IPAddress.TryParse(text, out var address))
            {
                result.AddError($"{name} '{text}' is not an IP address (e.g. 127.0.0.1 or 0.0.0.0).");
                return IPAddress.Loopback;
            }

            return address;
        },
    };

    /// <summary>One IP address that others can dial: not a wildcard such as 0.0.0.0.</summary>
    public static Option<IPAddress?> DialableAddress(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = Single(result);
            if (!IPAddress.TryParse(text, out var address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            {
                result.AddError($"{name} '{text}' is not an address others can dial: give one IP address of this machine, e.g. 192.168.1.10.");
                return null;
            }

            return address;
        },
    };

    /// <summary>The <c>--clustering</c> option, dev or redis, as the silo and the client both take it, each with its own description.</summary>
    public static Option<ClusteringMode> Clustering(string description) => new("--clustering")
    {
        Description = description,
        DefaultValueFactory = _ => ClusteringMode.Development,
        CustomParser = result => ParseClustering(result, "--clustering"),
    };

    /// <summary><c>dev</c> or <c>redis</c>.</summary>
    public static ClusteringMode ParseClustering(ArgumentResult result, string name)
    {
        var text = Single(result);
        switch (text.ToLowerInvariant())
        {
            case "dev" or "development":
                return ClusteringMode.Development;
            case "redis":
                return ClusteringMode.Redis;
            default:
                result.AddError($"{name} '{text}' is not a clustering mode: choose dev or redis.");
                return ClusteringMode.Development;
        }
    }

    /// <summary>The Redis endpoint to use, after checking that --clustering and --redis agree.</summary>
    public static IPEndPoint? RedisFor(ClusteringMode clustering, IPEndPoint? redis) => (clustering, redis) switch
    {
        (ClusteringMode.Redis, null) => throw new UsageException("--clustering redis needs --redis HOST:PORT, e.g. --redis 127.0.0.1:6379."),
        (ClusteringMode.Development, not null) => throw new UsageException("--redis needs --clustering redis."),
        (ClusteringMode.Redis, _) => redis,
        _ => null,
    };

    internal static int ParseInt(ArgumentResult result, string name, int min, int max) => (int)ParseLong(result, name, min, max);

    internal static long ParseLong(ArgumentResult result, string name, long min, long max)
    {
        var text = Single(result);
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            var what = decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "a whole number" : "a number";
            result.AddError($"{name} '{text}' is not {what}: allowed {min.ToString("N0", CultureInfo.InvariantCulture)} to {max.ToString("N0", CultureInfo.InvariantCulture)}.");
            return default;
        }

        if (value < min || value > max)
        {
            result.AddError($"{name} {text} is out of range: allowed {min.ToString("N0", CultureInfo.InvariantCulture)} to {max.ToString("N0", CultureInfo.InvariantCulture)}.");
            return default;
        }

        return value;
    }

    internal static string Single(ArgumentResult result) => result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(' ', result.Tokens.Select(t => t.Value));
}
