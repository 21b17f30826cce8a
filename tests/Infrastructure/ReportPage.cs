using Microsoft.Playwright;

namespace Concurrency.Tests.Infrastructure;

/// <summary>A run's HTML report, opened from its file in Debian's Chromium through Playwright, and its charts read.</summary>
public static class ReportPage
{
    public const string Chromium = "/usr/bin/chromium";

    public static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });

    /// <summary>
    /// Opens a report from its file and reads every canvas: a chart drawn into it with a size, its axes' types, its
    /// datasets' and category labels. Any script error, console error or failed request fails the test.
    /// </summary>
    public static async Task<ReportCharts> ChartsOfAsync(IBrowser browser, string reportPath)
    {
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.RequestFailed += (_, request) => errors.Add($"request failed: {request.Url}");
        await page.GotoAsync(new Uri(reportPath).AbsoluteUri);
        await page.Locator("section.experiment canvas").First.WaitForAsync();

        var charts = await page.EvaluateAsync<ChartState[]>("""
            () => [...document.querySelectorAll('canvas')].map(c => {
              const chart = Chart.getChart(c);
              return {
                label: c.getAttribute('aria-label'),
                experiment: c.closest('section.experiment')?.id?.replace(/^exp-/, '') ?? null,
                drawn: !!chart,
                width: c.getBoundingClientRect().width,
                height: c.getBoundingClientRect().height,
                xType: chart?.scales.x?.type ?? null,
                yType: chart?.scales.y?.type ?? null,
                datasets: chart ? chart.data.datasets.map(d => d.label) : [],
                labels: chart ? (chart.data.labels ?? []).map(String) : [] };
            })
            """);
        Assert.All(charts, c => Assert.True(c.Drawn && c.Width > 100 && c.Height > 50, $"{c.Label}: drawn {c.Drawn}, {c.Width}x{c.Height}"));
        Assert.Empty(errors);
        return new ReportCharts(page, charts);
    }

    /// <summary>The charts of one open report page.</summary>
    public sealed record ReportCharts(IPage Page, ChartState[] All)
    {
        public int Length => All.Length;

        /// <summary>The charts in one experiment's section of the report.</summary>
        public ReportCharts In(string experiment) => this with { All = [.. All.Where(c => c.Experiment == experiment)] };

        public ChartState Named(string label) =>
            All.SingleOrDefault(c => c.Label == label) ?? throw new Xunit.Sdk.XunitException($"no chart '{label}' among: {string.Join(", ", All.Select(c => c.Label))}");
    }

    /// <summary>Filled in by Playwright from the page's answer, so it needs a parameterless constructor and setters.</summary>
    public sealed class ChartState
    {
        public string? Label { get; set; }

        /// <summary>The experiment whose section holds the chart.</summary>
        public string? Experiment { get; set; }

        public bool Drawn { get; set; }

        public double Width { get; set; }

        public double Height { get; set; }

        public string? XType { get; set; }

        public string? YType { get; set; }

        public string[] Datasets { get; set; } = [];

        public string[] Labels { get; set; } = [];
    }
}
