// Screenshots the live lab page mid-run with Debian's chromium, using the Playwright package the tests build
// (tests/bin/*/net10.0/.playwright/package). Usage: see scripts/lab-screenshot.sh. Waits until the page shows the
// given strategy running with lanes drawn and the pool's queue up, so the picture is of that moment.
const { chromium } = require(process.argv[2]);
const [out, url, strategy] = process.argv.slice(3);
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  await page.goto(url);
  await page.waitForFunction(s => document.getElementById('running').textContent === s
      && +document.getElementById('lane-count').textContent > 3 && +document.getElementById('queue-during').textContent > 0,
    strategy, { timeout: 120000, polling: 200 });
  await page.waitForTimeout(1500); // let the lanes scroll a little further into the run
  await page.screenshot({ path: out, fullPage: true });
  await browser.close();
})();
