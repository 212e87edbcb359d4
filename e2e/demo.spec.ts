import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { readLabelPng } from '../src/cli/bsds/readers';
import { makePng, type Rgba } from './images';
import { dropFiles, readCanvas } from './page';

/** A small run (SwiftShader computes about 0.4 GFLOP/s), with `extra` overriding the defaults. */
function small(extra: Record<string, string | number> = {}): string {
  const q = new URLSearchParams({ size: '40', sp: 'slic', count: '12', iters: '6', K: '8' });
  for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
  return `/?${q}`;
}

/** Three flat colour regions with a little noise. */
function threeRegions(seed = 1): Buffer {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 20;
  const colour = (x: number, y: number): Rgba => {
    const base: [number, number, number] = x < 14 ? [200, 40, 40] : y < 14 ? [40, 160, 60] : [50, 70, 200];
    return [base[0] + rnd(), base[1] + rnd(), base[2] + rnd(), 255].map((v) => Math.max(0, Math.min(255, Math.round(v)))) as Rgba;
  };
  return makePng(40, 28, colour);
}

async function iteration(page: Page): Promise<number> {
  return Number(await page.getByTestId('iteration').getAttribute('data-iteration'));
}

async function waitForStatus(page: Page, status: RegExp) {
  await expect(page.getByTestId('run-status')).toHaveText(status, { timeout: 240_000 });
}

// SwiftShader compiles every shader on the first iteration (tens of seconds) and then takes
// seconds per iteration even at 40x27: these tests run few iterations, with long timeouts.
test.describe.configure({ timeout: 360_000 });

test.describe('live demo', () => {
  test('a dropped image is segmented, and the overlay changes between an early and a later iteration', async ({ page }) => {
    // Clusters kept whole, so that K (8) bounds the regions; split (the default) can exceed K.
    await page.goto(small({ iters: 5, split: 'off' }));
    await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
    await dropFiles(page, [{ name: 'three.png', mimeType: 'image/png', buffer: threeRegions() }]);
    await expect(page.getByTestId('source-name')).toHaveText('three.png');
    await expect.poll(() => iteration(page), { timeout: 240_000 }).toBeGreaterThanOrEqual(1);
    await page.getByTestId('pause').click();
    const early = await readCanvas(page, 'overlay-canvas');
    const earlyIt = await iteration(page);
    await page.getByTestId('play').click();
    await waitForStatus(page, /done/);
    const late = await readCanvas(page, 'overlay-canvas');
    expect(await iteration(page)).toBe(5);
    expect(earlyIt).toBeLessThan(5);
    expect(late.data).not.toEqual(early.data);
    const regions = Number(await page.getByTestId('regions').textContent());
    expect(regions).toBeGreaterThanOrEqual(1);
    expect(regions).toBeLessThanOrEqual(8);
  });

  test('pause stops the iteration count and step advances it by one', async ({ page }) => {
    await page.goto(small({ iters: 40 }));
    await expect.poll(() => iteration(page), { timeout: 240_000 }).toBeGreaterThanOrEqual(1);
    await page.getByTestId('pause').click();
    await waitForStatus(page, /paused/);
    const at = await iteration(page);
    await page.waitForTimeout(1500);
    expect(await iteration(page)).toBe(at);
    await page.getByTestId('step').click();
    await expect.poll(() => iteration(page)).toBe(at + 1);
    await page.waitForTimeout(1000);
    expect(await iteration(page)).toBe(at + 1);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => iteration(page)).toBe(at + 2);
  });

  test('a beta change reruns DSC but not the superpixels; a count change reruns the superpixels', async ({ page }) => {
    await page.goto(small({ iters: 2 }));
    await waitForStatus(page, /done/);
    const sp = page.getByTestId('stage-superpixels');
    const spRuns = Number(await sp.getAttribute('data-runs'));
    const dscRuns = await page.evaluate(() => (globalThis as unknown as { __dsc: { dscRunRequests(): number } }).__dsc.dscRunRequests());
    await page.locator('[data-param="beta"] input[type="number"]').fill('2.5');
    await expect(page).toHaveURL(/beta=2\.5/);
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { __dsc: { dscRunRequests(): number } }).__dsc.dscRunRequests()))
      .toBe(dscRuns + 1);
    await waitForStatus(page, /done/);
    expect(Number(await sp.getAttribute('data-runs'))).toBe(spRuns);
    await page.locator('[data-param="count"] input[type="number"]').fill('8');
    await expect(sp).toHaveAttribute('data-runs', String(spRuns + 1));
  });

  test('a slider dragged fast starts one run, not a pile of them', async ({ page }) => {
    await page.goto(small({ iters: 2 }));
    await waitForStatus(page, /done/);
    const runs = () => page.evaluate(() => (globalThis as unknown as { __dsc: { dscRunRequests(): number } }).__dsc.dscRunRequests());
    const before = await runs();
    // A drag: 15 input events 10 ms apart, as a pointer moving across the slider sends them.
    await page.locator('[data-param="sigma"] input[type="range"]').evaluate(async (el) => {
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      for (let i = 0; i < 15; i++) {
        setValue.call(el, String(0.3 + i * 0.02));
        el.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => setTimeout(r, 10));
      }
    });
    await expect(page).toHaveURL(/sigma=/);
    await expect.poll(runs).toBe(before + 1);
    await page.waitForTimeout(800);
    expect(await runs()).toBe(before + 1);
  });

  test('the merge height coarsens the partition shown and exported, without rerunning DSC', async ({ page }) => {
    await page.goto(small({ iters: 2 }));
    await waitForStatus(page, /done/);
    const overlay = page.getByTestId('overlay-canvas');
    await expect(overlay).toHaveAttribute('data-painted', 'partition');
    const runs = () => page.evaluate(() => (globalThis as unknown as { __dsc: { dscRunRequests(): number } }).__dsc.dscRunRequests());
    const before = await runs();
    const fine = Number(await overlay.getAttribute('data-regions'));
    expect(fine).toBeGreaterThan(1);
    await page.locator('[data-param="merge"] input[type="number"]').fill('100');
    await expect(page).toHaveURL(/merge=100/);
    await expect.poll(async () => Number(await overlay.getAttribute('data-regions'))).toBeLessThan(fine);
    await expect(page.getByTestId('merged-regions')).toHaveText(String(await overlay.getAttribute('data-regions')));
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-labels').click()]);
    const exported = readLabelPng(await png.path());
    expect(new Set(exported.labels).size).toBe(Number(await overlay.getAttribute('data-regions')));
    await page.locator('[data-param="merge"] input[type="number"]').fill('0');
    await expect(overlay).toHaveAttribute('data-regions', String(fine));
    await expect(page.getByTestId('merged-regions')).toHaveCount(0);
    expect(await runs()).toBe(before);
  });

  test('export downloads a label PNG that decodes to the canvas size, and the run JSON', async ({ page }) => {
    await page.goto(small({ iters: 2 }));
    await waitForStatus(page, /done/);
    const canvas = await readCanvas(page, 'image-canvas');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-labels').click()]);
    const decoded = PNG.sync.read(readFileSync(await png.path()));
    expect([decoded.width, decoded.height]).toEqual([canvas.width, canvas.height]);
    const [overlay] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-overlay').click()]);
    const o = PNG.sync.read(readFileSync(await overlay.path()));
    expect([o.width, o.height]).toEqual([canvas.width, canvas.height]);
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const body = JSON.parse(readFileSync(await json.path(), 'utf8'));
    expect(body.parameters.iters).toBe(2);
    expect(body.iterations).toHaveLength(2);
    expect(Object.keys(body.iterations[0]).sort()).toEqual(['ce', 'cut', 'iteration', 'ms', 'regions', 'total']);
  });

  test('a link with parameters restores them', async ({ page }) => {
    await page.goto('/?sample=3063&beta=2.5&K=8&norm=center&overlay=boundaries&iters=2&size=40&auto=0');
    await expect(page.getByTestId('source-name')).toHaveText('Aeroplane');
    await expect(page.locator('[data-param="beta"] input[type="number"]')).toHaveValue('2.5');
    await expect(page.locator('[data-param="K"] input[type="number"]')).toHaveValue('8');
    await expect(page.locator('[data-param="overlay"] select')).toHaveValue('boundaries');
    await expect(page.locator('[data-param="norm"] select')).toHaveValue('center');
    await expect(page.getByTestId('working-size')).toHaveText('40×27');
  });

  test('the main thread has no long task over 50 ms during the loop, and no request leaves the origin', async ({ page, baseURL }) => {
    const foreign: string[] = [];
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(baseURL!) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
    });
    await page.addInitScript(() => {
      const w = globalThis as unknown as { __longTasks: number[]; __measure: boolean };
      w.__longTasks = [];
      w.__measure = false;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (w.__measure) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    await page.goto(small({ iters: 4 }));
    await waitForStatus(page, /done/);
    await page.getByTestId('restart').click();
    await expect.poll(() => iteration(page), { timeout: 240_000 }).toBeGreaterThanOrEqual(1);
    // Measure while the loop runs, outside the test's own clicks.
    await page.evaluate(() => ((globalThis as unknown as { __measure: boolean }).__measure = true));
    await waitForStatus(page, /done/);
    const long = await page.evaluate(() => (globalThis as unknown as { __longTasks: number[] }).__longTasks);
    expect(long.filter((d) => d > 50)).toEqual([]);
    expect(foreign).toEqual([]);
  });

  test('the tensor count is stable across three runs', async ({ page }) => {
    await page.goto(small({ iters: 1 }));
    await waitForStatus(page, /done/);
    const mem = () => page.evaluate(async () => (await (globalThis as unknown as { __dsc: { memory(): Promise<{ numTensors: number }> } }).__dsc.memory()).numTensors);
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.getByTestId('restart').click();
      await expect(page.getByTestId('run-status')).not.toHaveText(/done/);
      await waitForStatus(page, /done/);
      counts.push(await mem());
    }
    expect(counts[1]).toBe(counts[0]);
    expect(counts[2]).toBe(counts[0]);
  });

  test('a new image dropped mid-run cancels the old run cleanly', async ({ page }) => {
    await page.goto(small({ iters: 200 }));
    await expect.poll(() => iteration(page), { timeout: 240_000 }).toBeGreaterThanOrEqual(1);
    await dropFiles(page, [{ name: 'next.png', mimeType: 'image/png', buffer: threeRegions(7) }]);
    await expect(page.getByTestId('source-name')).toHaveText('next.png');
    await page.locator('[data-param="iters"] input[type="number"]').fill('2');
    await waitForStatus(page, /done/);
    expect(await iteration(page)).toBe(2);
    await expect(page.getByTestId('message')).toHaveCount(0);
  });

  test('a lost GPU device is reported and the run restarts on a fallback backend', async ({ page }) => {
    await page.goto(small({ iters: 100 }));
    await expect(page.getByTestId('backend-status')).toHaveAttribute('data-backend', 'webgpu');
    await expect.poll(() => iteration(page), { timeout: 240_000 }).toBeGreaterThanOrEqual(1);
    await page.evaluate(() => (globalThis as unknown as { __dsc: { loseDevice(): void } }).__dsc.loseDevice());
    await expect(page.getByTestId('message')).toContainText(/GPU device was lost/);
    await expect(page.getByTestId('backend-status')).toHaveAttribute('data-backend', 'webgl', { timeout: 120_000 });
    await page.locator('[data-param="iters"] input[type="number"]').fill('2');
    await waitForStatus(page, /done/);
  });
});
