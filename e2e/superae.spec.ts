import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { dropFiles } from './page';
import { makeFlatPng } from './images';
import {
  maxAbsDiff,
  parseParityFixture,
  type ParityFixtureMeta,
} from '../src/core/superae/parityFixture';

const FIXTURE = resolve(import.meta.dirname, '../src/core/superae/__fixtures__');

test('the SuperAE on WebGPU matches the PyTorch outputs within 1e-4', async ({ page }) => {
  test.setTimeout(300_000);
  const meta = JSON.parse(
    readFileSync(resolve(FIXTURE, 'superae_parity.json'), 'utf8'),
  ) as ParityFixtureMeta;
  const bin = readFileSync(resolve(FIXTURE, 'superae_parity.bin'));
  const fx = parseParityFixture(
    meta,
    bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer,
  );
  await page.goto('/?auto=0');
  await expect(page.getByTestId('backend-status')).toHaveAttribute('data-backend', 'webgpu');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', {
    timeout: 120_000,
  });
  const out = await page.evaluate(
    ({ input, shape }) =>
      (
        globalThis as unknown as {
          __dsc: {
            predict(
              i: number[],
              s: number[],
            ): Promise<{ reconstruction: number[]; e3: number[]; e3Shape: number[] }>;
          };
        }
      ).__dsc.predict(input, shape),
    { input: Array.from(fx.input.values), shape: fx.input.shape },
  );
  expect(out.e3Shape).toEqual(fx.e3.shape);
  expect(maxAbsDiff(out.reconstruction, fx.reconstruction.values)).toBeLessThanOrEqual(1e-4);
  expect(maxAbsDiff(out.e3, fx.e3.values)).toBeLessThanOrEqual(1e-4);
});

test('a missing model is reported, and superpixels still run on the original image', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.route('**/models/superae/model.json', (route) =>
    route.fulfill({ status: 404, body: 'not found' }),
  );
  await page.goto('/?size=40&sp=slic&count=12&iters=2');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'error', {
    timeout: 120_000,
  });
  await expect(page.getByTestId('message')).toContainText(/SuperAE model could not be loaded/);
  await expect(page.getByTestId('stage-superpixels')).toHaveAttribute('data-status', 'done', {
    timeout: 120_000,
  });
  await expect(page.getByTestId('stage-reconstruction')).toHaveAttribute('data-status', 'skipped');
});

test('a working resolution the GPU cannot hold is refused with a long side that fits, and the device stays', async ({
  page,
}) => {
  test.setTimeout(240_000);
  // SwiftShader's largest buffer is 1 GiB; DSC at 1800x1200 would need 1.2 GiB for E2's im2col.
  await page.goto('/?size=1800&auto=0&sp=slic&count=12&iters=2');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', {
    timeout: 120_000,
  });
  const limit = await page.evaluate(
    async () => (await navigator.gpu.requestAdapter())?.limits.maxStorageBufferBindingSize,
  );
  test.skip(!limit || limit > 2 ** 30, `this adapter's largest buffer (${limit}) holds 1800x1200`);
  await dropFiles(page, [
    { name: 'big.png', mimeType: 'image/png', buffer: makeFlatPng(1800, 1200, [200, 40, 40]) },
  ]);
  await expect(page.getByTestId('source-name')).toHaveText('big.png');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('message')).toContainText(
    /1800x1200 working resolution needs \d+ MiB .* at most about \d+ px on the long side/,
    { timeout: 120_000 },
  );
  await expect(page.getByTestId('stage-reconstruction')).toHaveAttribute('data-status', 'error');
  await expect(page.getByTestId('backend-status')).toHaveAttribute('data-backend', 'webgpu');
  await expect(page.getByTestId('image-canvas')).toBeVisible();
});
