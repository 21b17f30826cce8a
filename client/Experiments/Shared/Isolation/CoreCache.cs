namespace Concurrency.Client.Experiments.Isolation;

/// <summary>
/// The size of a core's level-2 cache, as Linux describes it under /sys/devices/system/cpu/cpu0/cache: on most x86
/// machines the largest cache a core has to itself (the level-3 cache is shared by the cores, and in a VM with the
/// host's other tenants). Null where the machine does not say (not Linux, or no level 2 listed).
/// </summary>
public static class CoreCache
{
    private const string Root = "/sys/devices/system/cpu/cpu0/cache";

    public static long? Level2Bytes()
    {
        try
        {
            if (!Directory.Exists(Root))
            {
                return null;
            }

            foreach (var index in Directory.EnumerateDirectories(Root, "index*"))
            {
                var level = File.ReadAllText(Path.Combine(index, "level")).Trim();
                var type = File.ReadAllText(Path.Combine(index, "type")).Trim();
                if (level == "2" && type is "Unified" or "Data" && Parse(File.ReadAllText(Path.Combine(index, "size"))) is { } bytes)
                {
                    return bytes;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>Linux writes a cache's size as "2048K" (kibibytes) or "2M"; null for anything else.</summary>
    public static long? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var (digits, unit) = trimmed.Length > 0 && char.IsLetter(trimmed[^1]) ? (trimmed[..^1], char.ToUpperInvariant(trimmed[^1])) : (trimmed, 'B');
        var scale = unit switch { 'B' => 1L, 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 0 };
        return scale > 0 && long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n * scale : null;
    }
}
