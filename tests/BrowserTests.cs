using Concurrency.Abstractions.Lab;
using Concurrency.Client.Experiments.Isolation;
using Concurrency.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Concurrency.Tests;

/// <summary>
/// What a person sees, checked in a real browser: Debian's Chromium driven by Playwright (Playwright's own browser
/// download is never used). The dashboard of a silo process must list the lab's grains with their activations after a
/// run, and the run's HTML report, opened from its file, must draw its charts without a script error.
/// </summary>
[Trait("Category", "Slow")]
public sealed class BrowserTests : IDisposable
{
    private const string Chromium = ReportPage.Chromium;

    private static readonly string[] ChromiumArgs = ReportPage.ChromiumArgs;

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
        await using var browser = await LaunchAsync(playwright);

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
        var charts = await ReportPage.ChartsOfAsync(browser, reportPath);
        Assert.True(charts.Length >= 3, $"{charts.Length} charts: expected vs measured, and a timeline per strategy");
        Assert.Contains(charts.All, c => c.Label != null && c.Label.StartsWith("timeline sequential", StringComparison.Ordinal));
        Assert.Contains(charts.All, c => c.Label != null && c.Label.StartsWith("timeline concurrent", StringComparison.Ordinal));
        Assert.Matches("HOLDS|DOES NOT HOLD|NOT JUDGED", await charts.Page.Locator("#exp-downloads .verdict").InnerTextAsync());
    }

    /// <summary>
    /// Communication's sizes span a thousandfold and spawn's rungs a millionfold: each gets charts of its own, on log
    /// axes, instead of the generic line chart of its points (linear across 1 KiB..1 MiB, every small size at zero).
    /// </summary>
    [SkippableFact]
    public async Task The_report_draws_communication_by_size_and_spawn_as_a_ladder()
    {
        Skip.IfNot(File.Exists(Chromium), $"no Chromium at {Chromium}: install Debian's chromium package (.ci/run does: apt-get install -y chromium).");

        var communication = await ReportAsync("communication", "--largest", "4194304", "--calls", "5", "--silo-processes", "0");
        var spawn = await ReportAsync("spawn", "--quick", "--samples", "20", "--activations", "5", "--tasks", "6");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);

        var sizes = await ReportPage.ChartsOfAsync(browser, communication);
        var bySize = sizes.Named("Payload cost by size (log-log)");
        Assert.Equal(("logarithmic", "logarithmic"), (bySize.XType, bySize.YType));
        Assert.Contains(bySize.Datasets, d => d.Contains("85,000 bytes", StringComparison.Ordinal));
        var machine = CopySegments.ThisMachine;
        if (machine.InCacheUpTo is { } inCache)
        {
            Assert.Contains(bySize.Datasets, d => d.EndsWith($"cache: {inCache:N0} bytes", StringComparison.Ordinal));
        }

        // Every segment the sweep reaches with two sizes or more (here: under 85,000 bytes; the large-object heap, and past the core's cache where it is under 4 MiB).
        var segments = CopySegments.Ladder(4 << 20).GroupBy(machine.Of).Where(g => g.Count() >= 2).Select(g => machine.Describe(g.Key)).ToList();
        Assert.True(segments.Count >= 2, string.Join(", ", segments));
        foreach (var path in new[] { "same-silo-immutable", "same-silo-copied", "silos-in-one-process" })
        {
            // Each path's fitted and predicted points apart, and a line on each segment.
            Assert.Contains($"{path}: fitted", bySize.Datasets);
            Assert.Contains($"{path}: predicted by its line", bySize.Datasets);
            foreach (var segment in segments)
            {
                Assert.Contains($"{path}: line {segment}", bySize.Datasets);
            }
        }

        Assert.DoesNotContain(sizes.All, c => c.Label == "points");

        // The rig's silos are outside the trace: no empty timeline pretends nothing ran; spawn's own grains are traced and drawn.
        Assert.DoesNotContain(sizes.All, c => c.Label!.StartsWith("timeline ", StringComparison.Ordinal));

        var rungs = await ReportPage.ChartsOfAsync(browser, spawn);
        var ladder = rungs.Named("The ladder: what each start costs (log)");
        Assert.Equal("logarithmic", ladder.XType);
        Assert.Equal(["thread", "task", "grain activation", "warm grain call", "silo in this process", "silo process: not measured"], ladder.Labels);
        var share = rungs.Named("The start's share of a break-even task");
        Assert.Equal(["fresh-activations", "new-threads"], share.Labels);
        Assert.Contains(rungs.All, c => c.Label != null && c.Label.StartsWith("timeline fresh-activations", StringComparison.Ordinal));
    }

    /// <summary>
    /// The live lab page of a silo process, opened only once a client's run is under way, with no --trace: nothing
    /// watched the silo before. The page's first event must draw what the silo kept on its own (the await strategy's
    /// calls, which all started a latency or more before the page opened, and the last seconds of pool), then the
    /// running blocking-sleep with its lane, the pool's queue above zero during blocking-many, and the verdict after.
    /// </summary>
    [SkippableFact]
    public async Task A_lab_page_opened_mid_run_draws_the_calls_before_it_the_running_strategy_the_pool_queue_and_the_verdicts()
    {
        Skip.IfNot(File.Exists(Chromium), $"no Chromium at {Chromium}: install Debian's chromium package (.ci/run does: apt-get install -y chromium).");

        await using var silo = await SiloProcess.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        // 10 fetches of 1 s: await overlaps them (about 1 s), blocking-sleep runs them one after another (about 10 s).
        using var client = await WatchedClient.StartAsync(
            ["run", "blocking", "--strategy", "await", "--strategy", "blocking-sleep", "--strategy", "blocking-many", "--count", "10", "--latency", "1s", "--grains", "48", "--gateway", silo.Gateway],
            "blocking/blocking-sleep: started");
        // A wait that times out says what the client had printed and what the silo had warned of.
        string Around() => $"the client had printed: {client.Progress}; the silo's stderr ended: {Tail(silo.Stderr)}";
        await page.GotoAsync($"http://127.0.0.1:{silo.HttpPort}/lab");
        Assert.Equal("Concurrency Lab · live", await page.TitleAsync());

        // The first event: what the silo kept with no page open.
        await WaitOnPageAsync(page, "() => /call\\(s\\) that ended/.test(document.getElementById('history').textContent)", Around);
        var history = await page.Locator("#history").InnerTextAsync();
        var kept = System.Text.RegularExpressions.Regex.Match(history,
            @"^(\d+) pool point\(s\) from 1 silo\(s\), the last \d+ s; (\d+) call\(s\) that ended in the last 15 s and \d+ still running, the earliest started ([\d.]+) s before this page opened");
        Assert.True(kept.Success, history);
        var number = (int group) => double.Parse(kept.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(number(1), 2, LabLimits.PoolHistoryPoints);
        Assert.True(number(2) >= 10, $"the await strategy's 10 fetches ended before the page opened: {history}");
        Assert.True(number(3) >= 1.0, $"a fetch of 1 s started at least 1 s before blocking-sleep, and the page opened after that: {history}");
        Assert.True(await page.EvaluateAsync<int>("() => Chart.getChart(document.getElementById('lanes')).data.datasets[0].data.length") >= 10);
        Assert.True(await page.EvaluateAsync<int>("() => Chart.getChart(document.getElementById('pool')).data.datasets[1].data.length") >= number(1));

        // Then the running strategy and its lane.
        await WaitOnPageAsync(page, "() => document.getElementById('running').textContent === 'blocking/blocking-sleep' && +document.getElementById('lane-count').textContent > 0", Around);

        // blocking-many holds every pool thread: the queue climbs while it runs. The page's bound runs from the client's
        // own line, so a run slowed by a busy machine is told apart from a page that missed the strategy's start.
        await client.LineAsync("blocking/blocking-many: started").WaitAsync(TimeSpan.FromSeconds(180));
        await WaitOnPageAsync(page,
            "() => document.getElementById('running').textContent === 'blocking/blocking-many' && +document.getElementById('queue-during').textContent > 0",
            Around);

        await client.WaitForExitAsync(TimeSpan.FromSeconds(120));
        Assert.True(client.Process.ExitCode is 0 or 1, $"exit {client.Process.ExitCode}: {client.Progress}");
        await WaitOnPageAsync(page, "() => [...document.querySelectorAll('#verdicts li')].some(li => /^blocking: (HOLDS|DOES NOT HOLD|NOT JUDGED)/.test(li.textContent))", Around);
        Assert.Contains("blocking/blocking-many", await page.Locator("#strategies").InnerTextAsync());
        Assert.Empty(errors);
    }

    /// <summary>Waits for a condition on the lab page; on a timeout, the failure says what the page showed.</summary>
    private static async Task WaitOnPageAsync(IPage page, string condition, Func<string>? around = null)
    {
        try
        {
            await page.WaitForFunctionAsync(condition, null, new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            var shown = await page.EvaluateAsync<string>("() => ['status', 'errors', 'running', 'lane-count', 'calls-seen', 'queue-during', 'history'].map(id => id + ': ' + document.getElementById(id).textContent).join(' | ')");
            throw new TimeoutException($"the lab page never met {condition}; it showed {shown}{(around is null ? "" : $"; {around()}")}");
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "…" + text[^2000..];

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) => ReportPage.LaunchAsync(playwright);

    /// <summary>One experiment run on an embedded silo with --report; its verdict may go either way on a loaded machine, but the run must finish.</summary>
    private async Task<string> ReportAsync(string experiment, params string[] options)
    {
        var path = Path.Combine(_folder, experiment + ".html");
        var run = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(120), ["run", experiment, "--embedded", "--report", path, .. options]);
        Assert.True(run.ExitCode is 0 or 1 && File.Exists(path), $"exit {run.ExitCode}: {run.Stderr}");
        return path;
    }
}
