import { chromium, expect, test } from '@playwright/test';
import { chromiumArgs } from './playwright.config';

test('without WebGPU the app says so, falls back, and still segments', async ({ baseURL }) => {
  test.setTimeout(300_000);
  const browser = await chromium.launch({
    executablePath: process.env.DSC_CHROMIUM || undefined,
    args: chromiumArgs.filter((a) => a !== '--enable-unsafe-webgpu'),
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${baseURL}/?size=40&sp=slic&count=12&iters=2&K=8`);
    const status = page.getByTestId('backend-status');
    await expect(status).toHaveAttribute('data-backend', /webgl|cpu/, { timeout: 60_000 });
    await expect(status).toContainText(/WebGPU unavailable/);
    await expect(page.getByTestId('run-status')).toHaveText(/done/, { timeout: 240_000 });
    expect(Number(await page.getByTestId('regions').textContent())).toBeGreaterThanOrEqual(1);
  } finally {
    await browser.close();
  }
});
