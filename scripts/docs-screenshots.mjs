#!/usr/bin/env node
// Screenshots of each stage of the demo for docs/ and the README, in headless Chromium with
// WebGPU. Serve the build first (npx vite preview --port 4174), then:
//   node scripts/docs-screenshots.mjs [BASE_URL] [QUERY]
// On a software adapter keep the working resolution small (the default query uses 160 px).
import { chromium } from 'playwright';

const base = process.argv[2] ?? 'http://localhost:4174';
const query = process.argv[3] ?? '?sample=108004&size=160&iters=24&sp=egb&count=60';
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--enable-unsafe-webgpu', '--disable-background-networking', ...(root ? ['--no-sandbox'] : [])],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${base}/${query}`);
  await page.getByTestId('run-status').filter({ hasText: 'done' }).waitFor({ timeout: 900_000 });
  for (const [view, file] of [
    ['original', 'stage-original.png'],
    ['reconstruction', 'stage-reconstruction.png'],
    ['superpixels', 'stage-superpixels.png'],
    ['partition', 'stage-partition.png'],
  ]) {
    await page.getByTestId(`view-${view}`).click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `docs/${file}` });
  }
  await page.screenshot({ path: 'docs/screenshot.png' });
  const regions = () => page.locator('canvas[data-regions]').first().getAttribute('data-regions');
  const before = await regions();
  // The same partition cut at merge height 18 (the height val chose after DSC), no rerun.
  await page.locator('[data-param="merge"] input[type="number"]').fill('18');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(800);
  await page.screenshot({ path: 'docs/stage-merged.png' });
  // The README quotes these counts.
  console.log(`wrote docs/stage-*.png and docs/screenshot.png; regions ${before} -> ${await regions()} at merge height 18`);
} finally {
  await browser.close();
}
