using Concurrency.Cli;
using Concurrency.Hosting;

namespace Concurrency.Client.Downloads;

/// <summary>
/// A file of URLs, one a line; blank lines and lines starting with <c>#</c> are skipped. A line that is not a URL the
/// downloaders can fetch is kept with the reason, so it is reported as that line's failure and the others still run.
/// </summary>
public static class UrlList
{
    public const string OptionName = "--urls";

    public static IReadOnlyList<UrlEntry> Parse(IEnumerable<string> lines)
    {
        var entries = new List<UrlEntry>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            var text = line.Trim();
            if (text.Length > 0 && !text.StartsWith('#'))
            {
                entries.Add(Read(number, text));
            }
        }

        return entries;
    }

    /// <summary>Reads the file the user named; a file that is missing or unreadable is bad input, not a failed download.</summary>
    public static IReadOnlyList<UrlEntry> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{OptionName} '{path}': no such file{(Directory.Exists(path) ? " (it is a folder)" : "")}; give a text file with one URL a line.");
        }

        IReadOnlyList<UrlEntry> entries;
        try
        {
            entries = Parse(File.ReadLines(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{OptionName} '{path}' cannot be read: {e.Message}");
        }

        return entries.Count > 0
            ? entries
            : throw new UsageException($"{OptionName} '{path}' lists no URLs: write one a line (blank lines and # comments are skipped).");
    }

    private static UrlEntry Read(int line, string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || text.StartsWith('/'))
        {
            return new UrlEntry(line, text, null, "malformed URL: write an absolute URL such as http://127.0.0.1:8080/path");
        }

        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            return new UrlEntry(line, text, null, $"unsupported scheme '{url.Scheme}': only http and https");
        }

        return string.IsNullOrEmpty(url.Host)
            ? new UrlEntry(line, text, null, "malformed URL: it names no host")
            : new UrlEntry(line, text, url, null);
    }
}
