using Concurrency.Cli;
using Concurrency.Client.Downloads;
using Concurrency.Hosting;

namespace Concurrency.Tests;

/// <summary>Reading a URL list: bad lines become that line's failure, never the whole list's.</summary>
public sealed class UrlListTests
{
    [Fact]
    public void Blank_lines_and_comments_are_skipped_and_lines_keep_their_numbers()
    {
        var entries = UrlList.Parse(["# a list", "", "  http://127.0.0.1:8080/a  ", "   ", "https://127.0.0.1/b"]);

        Assert.Equal([3, 5], entries.Select(e => e.Line));
        Assert.All(entries, e => Assert.True(e.IsValid));
        Assert.Equal("http://127.0.0.1:8080/a", entries[0].Url!.AbsoluteUri);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/file", "unsupported scheme 'ftp'")]
    [InlineData("file:///etc/passwd", "unsupported scheme 'file'")]
    [InlineData("not a url", "malformed URL")]
    [InlineData("http://", "malformed URL")]
    [InlineData("/just/a/path", "malformed URL")]
    [InlineData("127.0.0.1:8080/x", "malformed URL")]
    public void A_bad_line_is_kept_with_its_reason(string line, string reason)
    {
        var entries = UrlList.Parse(["http://127.0.0.1/ok", line, "http://127.0.0.1/also-ok"]);

        Assert.Equal(3, entries.Count);
        var bad = entries[1];
        Assert.False(bad.IsValid);
        Assert.Equal(2, bad.Line);
        Assert.Contains(reason, bad.Error);
        Assert.True(entries[0].IsValid && entries[2].IsValid);
    }

    [Fact]
    public void A_missing_file_is_bad_input_that_names_the_option()
    {
        var error = Assert.Throws<UsageException>(() => UrlList.Load(Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.txt")));

        Assert.Contains("--urls", error.Message);
    }
}
