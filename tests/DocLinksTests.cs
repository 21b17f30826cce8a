using System.Text;
using System.Text.RegularExpressions;
using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// The documentation holds together: every relative link and image in README.md, CONTRIBUTING.md and docs/**/*.md
/// names a file or folder of the repository, and a <c>#anchor</c> names a heading of its target by GitHub's slug rule.
/// External links are not fetched. The README stays a front door of at most <see cref="ReadmeMaxLines"/> lines, and
/// every experiment of the catalog has a page of its own that the README links to.
/// </summary>
[Trait("Category", "Fast")]
public sealed partial class DocLinksTests
{
    public const int ReadmeMaxLines = 200;

    private static string Root => LabProcess.RepositoryRoot;

    /// <summary>The documents checked, as paths from the repository root with '/' between folders.</summary>
    public static TheoryData<string> Documents
    {
        get
        {
            var docs = Path.Combine(Root, "docs");
            var pages = Directory.Exists(docs) ? Directory.GetFiles(docs, "*.md", SearchOption.AllDirectories) : [];
            var data = new TheoryData<string>();
            foreach (var path in new[] { "README.md", "CONTRIBUTING.md" }.Concat(pages.Select(Relative).Order(StringComparer.Ordinal)))
            {
                data.Add(path);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_points_to_a_file_and_heading_that_exist(string document)
    {
        var path = Path.Combine(Root, document);
        Assert.True(File.Exists(path), $"{document} is missing");

        var broken = Links(File.ReadAllLines(path))
            .Select(link => (link, problem: Problem(path, link.Target)))
            .Where(l => l.problem is not null)
            .Select(l => $"{document}:{l.link.Line}: ({l.link.Target}) {l.problem}")
            .ToList();

        Assert.True(broken.Count == 0, "broken links:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void The_readme_is_a_front_door_of_at_most_200_lines()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "README.md")).Length;

        Assert.True(lines <= ReadmeMaxLines, $"README.md has {lines} lines; at most {ReadmeMaxLines}: move detail to docs/");
    }

    [Fact]
    public void Every_experiment_has_a_page_that_the_readme_links_to()
    {
        var readme = Links(File.ReadAllLines(Path.Combine(Root, "README.md"))).Select(l => l.Target.Split('#')[0]).ToHashSet();

        var missing = ExperimentCatalog.All
            .Select(e => $"docs/experiments/{e.Name}.md")
            .Where(page => !File.Exists(Path.Combine(Root, page)) || !readme.Contains(page))
            .ToList();

        Assert.True(missing.Count == 0, "experiment pages missing, or not linked from README.md: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("Two commands", "two-commands")]
    [InlineData("`downloads`: threads for I/O", "downloads-threads-for-io")]
    [InlineData("The live feed and metrics on and off in one build (issue 13)", "the-live-feed-and-metrics-on-and-off-in-one-build-issue-13")]
    [InlineData("Ctrl+C and shutdown", "ctrlc-and-shutdown")]
    [InlineData("Over real HTTP: `--source http`", "over-real-http---source-http")]
    [InlineData("snake_case and [a link](x.md)", "snake_case-and-a-link")]
    public void Headings_get_GitHubs_slugs(string heading, string slug) => Assert.Equal(slug, Slug(heading));

    [Fact]
    public void Links_in_code_are_not_links_and_repeated_headings_are_numbered()
    {
        string[] text =
        [
            "# Title",
            "See [the guide](docs/guide.md#part) and ![a picture](docs/a.png \"caption\").",
            "`[not](a-link.md)` and [external](https://example.com)",
            "```bash",
            "# not a heading [nor](a-link.md)",
            "```",
            "## Part",
            "## Part",
        ];

        Assert.Equal(["docs/guide.md#part", "docs/a.png", "https://example.com"], Links(text).Select(l => l.Target));
        Assert.Equal(["title", "part", "part-1"], Anchors(text));
    }

    /// <summary>Why <paramref name="target"/>, linked from the file at <paramref name="from"/>, does not resolve; null when it does.</summary>
    private static string? Problem(string from, string target)
    {
        if (External().IsMatch(target))
        {
            return null;
        }

        var hash = target.IndexOf('#');
        var (file, anchor) = hash < 0 ? (target, null) : (target[..hash], Uri.UnescapeDataString(target[(hash + 1)..]));
        file = Uri.UnescapeDataString(file);
        var resolved = file.Length == 0 ? from
            : file.StartsWith('/') ? Path.GetFullPath(Path.Combine(Root, file.TrimStart('/')))
            : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(from)!, file));

        if (!resolved.StartsWith(Path.GetFullPath(Root) + Path.DirectorySeparatorChar, StringComparison.Ordinal) && resolved != Path.GetFullPath(Root))
        {
            return "leaves the repository";
        }

        if (!File.Exists(resolved) && !Directory.Exists(resolved))
        {
            return $"no such file: {Relative(resolved)}";
        }

        if (anchor is null)
        {
            return null;
        }

        if (!resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            return $"#{anchor} on a file that is not markdown";
        }

        return Anchors(File.ReadAllLines(resolved)).Contains(anchor) ? null : $"no heading #{anchor} in {Relative(resolved)}";
    }

    /// <summary>The targets of the inline links and images in <paramref name="lines"/>, outside code blocks and code spans.</summary>
    private static IEnumerable<(int Line, string Target)> Links(IReadOnlyList<string> lines) =>
        Prose(lines).SelectMany(l => Link().Matches(CodeSpan().Replace(l.Text, "")).Select(m => (l.Line, m.Groups["target"].Value)));

    /// <summary>The anchors GitHub gives the headings of <paramref name="lines"/>: repeated slugs get -1, -2, ...</summary>
    private static List<string> Anchors(IReadOnlyList<string> lines)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var anchors = new List<string>();
        foreach (var (_, text) in Prose(lines))
        {
            if (Heading().Match(text) is not { Success: true } heading)
            {
                continue;
            }

            var slug = Slug(heading.Groups["text"].Value);
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
        }

        return anchors;
    }

    /// <summary>
    /// GitHub's heading slug: the heading's text (a link keeps its words) in lower case, every character dropped but
    /// letters, digits, spaces, '-' and '_', and each space made a '-'.
    /// </summary>
    private static string Slug(string heading)
    {
        var slug = new StringBuilder();
        foreach (var c in InlineLink().Replace(heading, "$1").ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    /// <summary>The lines outside fenced code blocks, numbered from 1.</summary>
    private static IEnumerable<(int Line, string Text)> Prose(IReadOnlyList<string> lines)
    {
        string? fence = null;
        for (var i = 0; i < lines.Count; i++)
        {
            if (Fence().Match(lines[i]) is { Success: true } open)
            {
                var marker = open.Groups["marker"].Value;
                if (fence is null)
                {
                    fence = marker;
                    continue;
                }

                if (marker[0] == fence[0] && marker.Length >= fence.Length)
                {
                    fence = null;
                    continue;
                }
            }

            if (fence is null)
            {
                yield return (i + 1, lines[i]);
            }
        }
    }

    private static string Relative(string path) => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/');

    [GeneratedRegex(@"^ {0,3}(?<marker>`{3,}|~{3,})")]
    private static partial Regex Fence();

    [GeneratedRegex(@"(`+)(?!`).*?(?<!`)\1(?!`)")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?(?<target>[^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^ {0,3}#{1,6}\s+(?<text>.*?)(?:\s+#+)?\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex External();
}
