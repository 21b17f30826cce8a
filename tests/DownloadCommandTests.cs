using System.Text.Json;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary><c>client download --urls FILE</c> as a user runs it: a process, a file of loopback URLs and bad lines.</summary>
[Collection(SitesCollection.Name)]
public sealed class DownloadCommandTests(SitesFixture fixture)
{
    [Fact]
    public async Task A_list_mixing_good_urls_and_bad_lines_reports_every_line_and_the_totals_add_up()
    {
        var sites = new Uri(fixture.HttpBase, "sites/");
        var file = Path.Combine(Path.GetTempPath(), $"urls-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(file,
        [
            "# good ones, then bad ones",
            $"{sites}one?latency=50ms&bytes=1000",
            "",
            $"{sites}two?bytes=20000",
            "ftp://127.0.0.1/file",
            "not a url",
            $"{sites}three?latency=20m",
            $"{sites}four?bytes=5",
        ]);

        try
        {
            var run = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(90), "download", "--urls", file, "--timeout", "5s", "--embedded", "--json");

            Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
            using var json = JsonDocument.Parse(run.Stdout);
            var urls = json.RootElement.GetProperty("urls").EnumerateArray().ToDictionary(u => u.GetProperty("line").GetInt32());
            Assert.Equal([2, 4, 5, 6, 7, 8], urls.Keys);

            Assert.True(urls[2].GetProperty("succeeded").GetBoolean());
            Assert.Equal(1000, urls[2].GetProperty("bytes").GetInt64());
            Assert.Equal("200", urls[2].GetProperty("status").GetString());
            Assert.Equal(20000, urls[4].GetProperty("bytes").GetInt64());
            Assert.Equal(5, urls[8].GetProperty("bytes").GetInt64());
            Assert.Contains("unsupported scheme 'ftp'", urls[5].GetProperty("error").GetString());
            Assert.Equal(0, urls[5].GetProperty("attempts").GetInt32());
            Assert.Contains("malformed URL", urls[6].GetProperty("error").GetString());
            Assert.Equal("HTTP 400", urls[7].GetProperty("error").GetString());

            var summary = json.RootElement.GetProperty("summary");
            Assert.Equal(6, summary.GetProperty("urls").GetInt32());
            Assert.Equal(3, summary.GetProperty("succeeded").GetInt32());
            Assert.Equal(3, summary.GetProperty("failed").GetInt32());
            Assert.Equal(21005, summary.GetProperty("bytes").GetInt64());
            Assert.Equal(3, summary.GetProperty("failureReasons").EnumerateObject().Sum(r => r.Value.GetInt32()));
            Assert.True(json.RootElement.GetProperty("complete").GetBoolean());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
