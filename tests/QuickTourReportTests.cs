using Concurrency.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Concurrency.Tests;

/// <summary>
/// The quick tour's HTML report in a real browser: every chart of every experiment drawn without a script error, and
/// each new experiment with the chart that shows its point where the generic table hides it: start and message cost
/// per way, lost updates, the other requests' latency (log, as it spans a thousandfold), the deadlocks found against
/// the stated timeout, a round's time against the number of files, and a timeline per round of cpu.
/// </summary>
[Collection(QuickTourCollection.Name)]
[Trait("Category", "Slow")]
public sealed class QuickTourReportTests(QuickTourFixture tour)
{
    [SkippableFact]
    public async Task The_tours_report_draws_every_chart_and_each_experiments_point()
    {
        Skip.IfNot(File.Exists(ReportPage.Chromium), $"no Chromium at {ReportPage.Chromium}: install Debian's chromium package (.ci/run does: apt-get install -y chromium).");
        Assert.True(tour.Run.ExitCode is 0 or 1 && File.Exists(tour.ReportPath), $"exit {tour.Run.ExitCode}: {tour.Run.Stderr}");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await ReportPage.LaunchAsync(playwright);
        var report = await ReportPage.ChartsOfAsync(browser, tour.ReportPath);

        (string Experiment, string[] Charts)[] points =
        [
            ("subinterpreters", ["Start cost per way (log)", "Message cost per way against its line"]),
            ("free-threading", ["Counter updates: counted and lost"]),
            ("native", ["Other requests' latency on the activation (log)"]),
            ("coloring", ["Ping latency during the requests (log)", "Deadlocks found, and the longest time to find one"]),
            ("sync", ["A round's time against the number of files"]),
        ];
        foreach (var (experiment, charts) in points)
        {
            var section = report.In(experiment);
            foreach (var title in charts)
            {
                section.Named(title);
            }

            // Where an experiment has a latency chart of its own, the generic linear one is not drawn beside it.
            if (charts.Any(t => t.Contains("latency", StringComparison.OrdinalIgnoreCase)))
            {
                Assert.DoesNotContain(section.All, c => c.Label == "Latency percentiles (ms)");
            }
        }

        // cpu samples its strategies over two rounds or more: a timeline per round, each named by its number.
        var cpu = report.In("cpu");
        foreach (var timeline in new[] { "timeline single-grain (round 1 of ", "timeline single-grain (round 2 of ", "timeline stateless-workers (round 2 of " })
        {
            Assert.Contains(cpu.All, c => c.Label != null && c.Label.StartsWith(timeline, StringComparison.Ordinal));
        }

        Assert.Equal(["one-activation", "free-threads", "stateless-workers"], report.In("free-threading").Named("Counter updates: counted and lost").Labels);
        Assert.Equal("logarithmic", report.In("native").Named("Other requests' latency on the activation (log)").YType);

        // free-threading's table shows each pi to every digit the run computed, and no row of nothing but nulls.
        var cells = await report.Page.EvaluateAsync<string[][]>("""
            () => {
              const rows = [...document.querySelectorAll('#exp-free-threading table tbody tr')].map(tr => [...tr.children].map(td => td.textContent));
              const results = JSON.parse(document.getElementById('report-data').textContent).report.experiments.find(e => e.name === 'free-threading').strategies.map(s => String(s.metrics.result));
              return [results, rows.find(r => r[0] === 'result') ?? [], rows.filter(r => r.slice(1).every(c => c === '–' || c === 'null')).map(r => r[0])];
            }
            """);
        Assert.Equal(cells[0], cells[1].Skip(1));
        Assert.All(cells[0], pi => Assert.StartsWith("3.14159", pi, StringComparison.Ordinal));
        Assert.Empty(cells[2]);
    }
}
