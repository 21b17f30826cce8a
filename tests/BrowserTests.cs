using Concurrency.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Concurrency.Tests;

/// <summary>
/// What a person sees, checked in a real browser: Debian's Chromium driven by Playwright (Playwright's own browser
/// download is never used). The dashboard of a silo process must list the lab's grains with their activations after a
/// run, and the run's HTML report, opened from its file, must draw its charts without a script error.
/// </summary>
public sealed class BrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly string _folder = Directory.CreateTempSubdirectory("lab-browser-").FullName;

    [SkippableFact]
    public async Task The_dashboard_lists_the_downloaders_and_the_report_draws_its_charts()
    {
        Skip.IfNot(File.Exists(Chromium), $"no Chromium at {Chromium}: install Debian's chromium package (.ci/run does: apt-get install -y chromium).");

        await using var silo = await SiloProcess.StartAsync();
        var reportPath = Path.Combine(_folder, "report.html");
        var run = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(90),
            "run", "downloads", "--count", "3", "--latency", "100ms", "--gateway", silo.Gateway, "--json", "--report", reportPath);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ChromiumArgs,
        });

        // The dashboard's grain table: one row per grain type, its activation count in the third cell.
        var dashboard = await browser.NewPageAsync();
        await dashboard.GotoAsync($"http://127.0.0.1:{silo.HttpPort}/dashboard/#/grains");
        var downloader = dashboard.Locator("td[title='Concurrency.Grains.DownloaderGrain']");
        await downloader.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.Equal("DownloaderGrain", (await downloader.InnerTextAsync()).Trim());
        var activations = await downloader.Locator("xpath=..").Locator("td").Nth(2).InnerTextAsync();
        Assert.True(int.TryParse(activations.Trim(), out var count) && count >= 1, $"DownloaderGrain activations: '{activations}'");
        Assert.Equal("Orleans Dashboard", await dashboard.TitleAsync());

        // The report, from its file: every canvas has a chart drawn into it, with a size, and no script failed.
        var report = await browser.NewPageAsync();
        var errors = new List<string>();
        report.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        report.PageError += (_, error) => errors.Add(error);
        report.RequestFailed += (_, request) => errors.Add($"request failed: {request.Url}");
        await report.GotoAsync(new Uri(reportPath).AbsoluteUri);
        await report.Locator("section.experiment canvas").First.WaitForAsync();

        var charts = await report.EvaluateAsync<ChartState[]>("""
            () => [...document.querySelectorAll('canvas')].map(c => ({
              label: c.getAttribute('aria-label'),
              drawn: !!Chart.getChart(c),
              width: c.getBoundingClientRect().width,
              height: c.getBoundingClientRect().height }))
            """);
        Assert.True(charts.Length >= 3, $"{charts.Length} charts: expected vs measured, and a timeline per strategy");
        Assert.All(charts, c => Assert.True(c.Drawn && c.Width > 100 && c.Height > 50, $"{c.Label}: drawn {c.Drawn}, {c.Width}x{c.Height}"));
        Assert.Contains(charts, c => c.Label == "timeline sequential");
        Assert.Contains(charts, c => c.Label == "timeline concurrent");
        Assert.Matches("HOLDS|DOES NOT HOLD", await report.Locator("#exp-downloads .verdict").InnerTextAsync());
        Assert.Empty(errors);
    }

    /// <summary>
    /// The live lab page of a silo process while a client runs against it, with no --trace: the page's own
    /// connection makes the silo record. The page must show the lanes of the running strategy appearing and growing,
    /// the thread pool's queue above zero during blocking-many (above what it showed while idle), and the verdict after.
    /// </summary>
    [SkippableFact]
    public async Task The_lab_page_shows_lanes_growing_the_pool_queue_during_blocking_many_and_the_verdicts()
    {
        Skip.IfNot(File.Exists(Chromium), $"no Chromium at {Chromium}: install Debian's chromium package (.ci/run does: apt-get install -y chromium).");

        await using var silo = await SiloProcess.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync($"http://127.0.0.1:{silo.HttpPort}/lab");
        Assert.Equal("Concurrency Lab · live", await page.TitleAsync());
        await page.Locator("#status", new() { HasTextString = "live" }).WaitForAsync(new() { Timeout = 30_000 });
        var idleQueue = int.Parse(await page.Locator("#queue-max").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

        var run = LabProcess.RunClientAsync(TimeSpan.FromSeconds(120),
            "run", "blocking", "--strategy", "await", "--strategy", "blocking-many", "--count", "10", "--latency", "1s", "--grains", "48", "--gateway", silo.Gateway);
        var wait = new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 100 };

        // Lanes of the running strategy appear, then grow: more of its calls arrive.
        await page.WaitForFunctionAsync("() => document.getElementById('running').textContent.startsWith('blocking/') && +document.getElementById('lane-count').textContent > 0", null, wait);
        var strategy = await page.Locator("#running").InnerTextAsync();
        var seen = int.Parse(await page.Locator("#calls-seen").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await page.WaitForFunctionAsync($"() => document.getElementById('running').textContent !== '{strategy}' || +document.getElementById('calls-seen').textContent > {seen}", null, wait);
        if (await page.Locator("#running").InnerTextAsync() == strategy)
        {
            Assert.True(int.Parse(await page.Locator("#calls-seen").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) > seen);
        }

        // blocking-many holds every pool thread: the queue climbs while it runs.
        await page.WaitForFunctionAsync(
            $"() => document.getElementById('running').textContent === 'blocking/blocking-many' && +document.getElementById('queue-during').textContent > {Math.Max(0, idleQueue)}", null, wait);

        var result = await run;
        Assert.True(result.ExitCode is 0 or 1, $"exit {result.ExitCode}: {result.Stderr}");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#verdicts li')].some(li => /^blocking: (HOLDS|DOES NOT HOLD|NOT JUDGED)/.test(li.textContent))", null, wait);
        Assert.Contains("blocking/blocking-many", await page.Locator("#strategies").InnerTextAsync());
        Assert.Empty(errors);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Filled in by Playwright from the page's answer, so it needs a parameterless constructor and setters.</summary>
    private sealed class ChartState
    {
        public string? Label { get; set; }

        public bool Drawn { get; set; }

        public double Width { get; set; }

        public double Height { get; set; }
    }
}
