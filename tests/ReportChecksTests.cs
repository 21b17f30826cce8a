using Concurrency.Client.Reporting;
using Concurrency.Client.Results;
using Concurrency.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Concurrency.Tests;

/// <summary>The report's list of checks, read in Chromium: each check's word is its own decision, never another's.</summary>
[Trait("Category", "Slow")]
public sealed class ReportChecksTests
{
    [SkippableFact]
    public async Task A_check_too_noisy_to_decide_reads_too_noisy_not_fail()
    {
        Skip.IfNot(File.Exists(ReportPage.Chromium), $"no Chromium at {ReportPage.Chromium}: install Debian's chromium package (.ci/run does: apt-get install -y chromium).");
        Check Checked(string figure, CheckOutcome outcome) => new(figure, 1.5, 1.6, "pass if >= 1.28x", 0.1, outcome, $"{figure}: 1.4x to 1.7x");
        var verdict = new Verdict(
            VerdictState.NotJudged,
            [Checked("passed", CheckOutcome.Pass), Checked("noisy", CheckOutcome.TooNoisy), Checked("failed", CheckOutcome.Fail)],
            "too noisy: noisy straddles 1.28x",
            [],
            "why");
        var report = new RunReport(ClusterInfo.Local(1), [new ExperimentResult("cpu", "claim", null, null, null, [], verdict)]);
        var path = Path.Combine(Path.GetTempPath(), $"report-checks-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(path, HtmlReport.Render(report, trace: null));
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await ReportPage.LaunchAsync(playwright);
            var page = await browser.NewPageAsync();
            await page.GotoAsync(new Uri(path).AbsoluteUri);
            var items = await page.Locator("ul.checks li").AllInnerTextsAsync();

            Assert.Equal(["pass · passed: 1.4x to 1.7x", "too noisy · noisy: 1.4x to 1.7x", "FAIL · failed: 1.4x to 1.7x"], items);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
