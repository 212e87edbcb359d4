import { expect, test } from '@playwright/test';

interface BenchJson {
  backend: string;
  device: string;
  size: string;
  iters: number;
  superpixels: number;
  ms_per_iter: number;
  parts: Record<string, number>;
  bind_group_cache: boolean;
}

test.describe('bench page', () => {
  // wasm: the bundled binaries load (Vite assets), and DSC trains there with the polyphase kernels.
  for (const backend of ['webgpu', 'wasm']) {
    test(`times the DSC iteration on ${backend} and returns the JSON of bench:dsc`, async ({
      page,
    }) => {
      test.setTimeout(60_000);
      await page.goto(
        `/bench.html?backend=${backend}&size=12x20&iters=1&warmup=0&k=8&superpixels=6`,
      );
      const status = page.getByTestId('bench-status');
      await expect(status).toHaveAttribute('data-state', /done|error/, { timeout: 50_000 });
      expect(await page.evaluate(() => window.__benchError ?? null)).toBeNull();
      const r = (await page.evaluate(() => window.__benchResult)) as BenchJson;
      // The bind-group cache is on by default where it exists (webgpu).
      expect(r).toMatchObject({ backend, size: '12x20', iters: 1, superpixels: 8, bind_group_cache: backend === 'webgpu' });
      expect(r.device.length).toBeGreaterThan(0);
      expect(r.ms_per_iter).toBeGreaterThan(0);
      expect(Object.keys(r.parts).sort()).toEqual([
        'backward',
        'forward',
        'optimizer',
        'pseudo_labels',
        'readback',
      ]);
      for (const v of Object.values(r.parts)) expect(Number.isFinite(v) && v >= 0).toBe(true);
      expect(r.parts.forward).toBeGreaterThan(0);
      // The page shows the same JSON it returns.
      expect(JSON.parse(await page.getByTestId('bench-result').innerText())).toEqual(r);
    });
  }

  test("on WebGPU the custom kernels give the stock kernels' numbers", async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/bench.html?backend=webgpu&check=kernels');
    await expect(page.getByTestId('bench-status')).toHaveAttribute('data-state', /done|error/, {
      timeout: 110_000,
    });
    expect(await page.evaluate(() => window.__benchError ?? null)).toBeNull();
    const check = (await page.evaluate(() => window.__kernelCheck)) as Record<string, number>;
    expect(Object.keys(check)).toEqual(
      expect.arrayContaining([
        'conv3x3 im2col-grad stride 2 filter gradient',
        'conv3x3 im2col-chunked stride 2 filter gradient',
        'segment sum matmul gradient',
        'segment sum chunked gradient',
        'objective matmul loss',
        'objective chunked loss',
        // The WGSL programs (webgpu only): im2col, batch norm + ReLU, the whole 'wgsl' set.
        'conv3x3 im2col-wgsl stride 2 filter gradient',
        'conv3x3 col2im-wgsl stride 2 input gradient',
        'conv3x3 col2im-wgsl 9x11 stride 2 input gradient',
        'batchNormReluWgsl 600x70 affine relu input gradient',
        'batchNormReluWgsl 37x5 input gradient',
        'objective wgsl gradient e1_conv/kernel',
        'objective wgsl_zbatch gradient head/kernel',
        'momentumStepWgsl parameter',
        'objective wgsl_plain gradient head/kernel',
        'objective wgsl_odd gradient head/kernel',
        'objective wgsl_k7 gradient head/kernel',
        // Chunked products (padded and exact chunks), and whole runs with the bind-group cache.
        'chunkedMatMulTA 23 rows',
        'chunkedMatMulTA 24 rows',
        'bind-group cache: losses of a whole run',
        'bind-group cache: pixels labelled differently',
      ]),
    );
    const bad = Object.entries(check).filter(([, e]) => !(e < 1e-4));
    expect(bad).toEqual([]);
  });

  test('runs without the bind-group cache when asked', async ({ page }) => {
    test.setTimeout(60_000);
    await page.goto('/bench.html?backend=webgpu&size=12x20&iters=1&warmup=0&k=8&superpixels=6&bind-group-cache=off');
    await expect(page.getByTestId('bench-status')).toHaveAttribute('data-state', /done|error/, { timeout: 50_000 });
    expect(await page.evaluate(() => window.__benchError ?? null)).toBeNull();
    const r = (await page.evaluate(() => window.__benchResult)) as BenchJson;
    expect(r).toMatchObject({ backend: 'webgpu', bind_group_cache: false });
    expect(r.ms_per_iter).toBeGreaterThan(0);
  });

  test('refuses a bad size with a message', async ({ page }) => {
    await page.goto('/bench.html?size=12by20');
    await expect(page.getByTestId('bench-status')).toHaveText(/Failed: size must be HxW/);
  });
});
