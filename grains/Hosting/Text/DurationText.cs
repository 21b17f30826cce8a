using System.Globalization;
using System.Text.RegularExpressions;

namespace Concurrency.Hosting;

/// <summary>Durations as people write them: <c>2s</c>, <c>250ms</c>, <c>1.5s</c>, <c>500us</c>, <c>2m</c>.</summary>
public static partial class DurationText
{
    public const string Syntax = "a number with a unit: us, ms, s or m (e.g. 250ms, 1.5s)";

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var match = Pattern().Match(text.Trim());
        if (!match.Success
            || !double.TryParse(match.Groups["value"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value))
        {
            return false;
        }

        var ticks = match.Groups["unit"].Value switch
        {
            "us" or "µs" => value * TimeSpan.TicksPerMicrosecond,
            "ms" => value * TimeSpan.TicksPerMillisecond,
            "s" => value * TimeSpan.TicksPerSecond,
            "m" or "min" => value * TimeSpan.TicksPerMinute,
            _ => double.NaN,
        };

        if (!double.IsFinite(ticks) || ticks >= TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)Math.Round(ticks));
        return true;
    }

    /// <summary>The shortest faithful spelling: 2s, 250ms, 1.5s.</summary>
    public static string Format(TimeSpan duration) => duration switch
    {
        { Ticks: 0 } => "0s",
        _ when duration.Ticks % TimeSpan.TicksPerMinute == 0 && duration >= TimeSpan.FromMinutes(1) => $"{duration.TotalMinutes.ToString(CultureInfo.InvariantCulture)}m",
        _ when duration >= TimeSpan.FromSeconds(1) => $"{duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s",
        _ when duration >= TimeSpan.FromMilliseconds(1) => $"{duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms",
        _ => $"{duration.TotalMicroseconds.ToString("0.###", CultureInfo.InvariantCulture)}us",
    };

    [GeneratedRegex(@"^(?<value>\d+(\.\d+)?|\.\d+)(?<unit>us|µs|ms|s|min|m)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
