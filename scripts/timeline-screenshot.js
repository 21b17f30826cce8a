// Crops the report's timeline section into a PNG with Debian's chromium, using the Playwright package the tests build
// (tests/bin/*/net10.0/.playwright/package). Usage: see scripts/report-screenshots.sh.
const { chromium } = require(process.argv[2]);
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(process.argv[4]);
  const heading = page.locator('#timelines-downloads');
  const box = await heading.boundingBox();
  const full = await page.evaluate(() => document.getElementById('exp-downloads').getBoundingClientRect().bottom);
  await page.screenshot({ path: process.argv[3], fullPage: true, clip: { x: 80, y: box.y - 10, width: 1120, height: full - box.y + 20 } });
  await browser.close();
})();
