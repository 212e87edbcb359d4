#!/usr/bin/env node
// Takes a screenshot of a page in headless Chromium (WebGPU on), for the docs.
// Usage: node scripts/screenshot.mjs URL OUT.png [WIDTH HEIGHT] [--wait-for SELECTOR] [--wait MS]
import { chromium } from 'playwright';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, v] = args.splice(i, 2);
  return v;
};
const waitFor = opt('--wait-for', null);
const waitMs = Number(opt('--wait', '2000'));
const [url, out, w = '1280', h = '720'] = args;
if (!url || !out) {
  console.error('usage: node scripts/screenshot.mjs URL OUT.png [WIDTH HEIGHT] [--wait-for SELECTOR] [--wait MS]');
  process.exit(2);
}
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--disable-background-networking', ...(root ? ['--no-sandbox'] : [])],
});
try {
  const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) } });
  await page.goto(url);
  if (waitFor) await page.waitForSelector(waitFor, { timeout: 600_000 });
  await page.waitForTimeout(waitMs);
  await page.screenshot({ path: out });
} finally {
  await browser.close();
}
