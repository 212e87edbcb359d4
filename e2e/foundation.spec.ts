import { expect, test } from '@playwright/test';
import { makeFlatPng, makeJpeg, makePng, type Rgba } from './images';
import { dropFiles, expectCanvas, openApp, readCanvas } from './page';

const pattern = (x: number, y: number): Rgba => [(x * 37) % 256, (y * 53) % 256, ((x + y) * 11) % 256, 255];
const W = 64;
const H = 48;

function expectedRgba(w: number, h: number, pixel: (x: number, y: number) => Rgba): number[] {
  const out: number[] = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.push(...pixel(x, y));
  return out;
}

test.describe('foundation', () => {
  test('runs TensorFlow.js on the WebGPU backend', async ({ page }) => {
    await openApp(page);
    await expect(page.getByTestId('backend-status')).toHaveAttribute('data-backend', 'webgpu');
    await expect(page.getByTestId('backend-status')).toHaveText('Backend: webgpu');
    await expect(page.getByTestId('original-size')).toHaveText('481×321');
  });

  test('a dropped PNG replaces the image, pixel for pixel', async ({ page }) => {
    await openApp(page);
    await dropFiles(page, [{ name: 'pattern.png', mimeType: 'image/png', buffer: makePng(W, H, pattern) }]);
    await expect(page.getByTestId('source-name')).toHaveText('pattern.png');
    await expectCanvas(page, W, H, expectedRgba(W, H, pattern), 1);
  });

  test('the file picker replaces the image, pixel for pixel', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('file-input').setInputFiles({
      name: 'picked.png',
      mimeType: 'image/png',
      buffer: makePng(W, H, pattern),
    });
    await expect(page.getByTestId('source-name')).toHaveText('picked.png');
    await expectCanvas(page, W, H, expectedRgba(W, H, pattern), 1);
  });

  test('EXIF orientation is respected', async ({ page }) => {
    await openApp(page);
    // Left half red, right half blue; orientation 6 means "rotate 90° clockwise to display".
    const jpg = makeJpeg(40, 20, (x) => (x < 20 ? [255, 0, 0] : [0, 0, 255]), 6);
    await dropFiles(page, [{ name: 'rotated.jpg', mimeType: 'image/jpeg', buffer: jpg }]);
    await expect(page.getByTestId('source-name')).toHaveText('rotated.jpg');
    await expect(page.getByTestId('original-size')).toHaveText('20×40');
    await expect.poll(async () => (await readCanvas(page)).height).toBe(40);
    const px = await readCanvas(page);
    const at = (x: number, y: number) => px.data.slice((y * px.width + x) * 4, (y * px.width + x) * 4 + 3);
    // After a clockwise quarter turn the red left half is on top.
    expect(at(10, 5)[0]).toBeGreaterThan(200);
    expect(at(10, 35)[2]).toBeGreaterThan(200);
  });

  test('the working resolution setting rescales the image', async ({ page }) => {
    await openApp(page);
    await page.locator('[data-param="size"] input[type="number"]').fill('200');
    await expect(page.getByTestId('working-size')).toHaveText('200×133');
    await expect(page.getByTestId('original-size')).toHaveText('481×321');
  });
});

test.describe('bad input keeps the previous image', () => {
  async function expectRejected(page: import('@playwright/test').Page, pattern: RegExp) {
    await expect(page.getByTestId('message')).toHaveAttribute('data-kind', 'error');
    await expect(page.getByTestId('message')).toContainText(pattern);
  }

  test('a non-image, an empty file and a truncated JPEG each give a clear message', async ({ page }) => {
    await openApp(page);
    await dropFiles(page, [{ name: 'keep.png', mimeType: 'image/png', buffer: makePng(W, H, pattern) }]);
    await expect(page.getByTestId('source-name')).toHaveText('keep.png');
    await expectCanvas(page, W, H, expectedRgba(W, H, pattern), 1);
    const before = await readCanvas(page);

    await dropFiles(page, [{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello, not an image') }]);
    await expectRejected(page, /"notes\.txt" is not an image/);

    await dropFiles(page, [{ name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) }]);
    await expectRejected(page, /"empty\.png" is empty/);

    const jpg = makeJpeg(64, 64, (x, y) => [x * 4, y * 4, 128]);
    const truncated = jpg.subarray(0, Math.floor(jpg.length * 0.6));
    await dropFiles(page, [{ name: 'cut.jpg', mimeType: 'image/jpeg', buffer: truncated }]);
    await expectRejected(page, /"cut\.jpg" is a truncated or corrupt JPEG/);

    // A PNG header followed by garbage decodes to nothing.
    const corrupt = Buffer.concat([makePng(8, 8, pattern).subarray(0, 40), Buffer.alloc(100, 7)]);
    await dropFiles(page, [{ name: 'corrupt.png', mimeType: 'image/png', buffer: corrupt }]);
    await expectRejected(page, /"corrupt\.png" could not be decoded/);

    await expect(page.getByTestId('source-name')).toHaveText('keep.png');
    const after = await readCanvas(page);
    expect(after.data).toEqual(before.data);
  });

  test('a 10000x8000 image is downscaled, not refused', async ({ page }) => {
    await openApp(page);
    const big = makeFlatPng(10000, 8000, [30, 160, 90]);
    await page.getByTestId('file-input').setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: big });
    await expect(page.getByTestId('source-name')).toHaveText('huge.png', { timeout: 60_000 });
    await expect(page.getByTestId('original-size')).toHaveText('10000×8000');
    await expect(page.getByTestId('working-size')).toHaveText('481×385');
    await expectCanvas(page, 481, 385, expectedRgba(481, 385, () => [30, 160, 90, 255]), 1);
  });

  test('a 1x1 image, a grayscale image and a PNG with alpha', async ({ page }) => {
    await openApp(page);
    await dropFiles(page, [{ name: 'dot.png', mimeType: 'image/png', buffer: makePng(1, 1, () => [12, 34, 56, 255]) }]);
    await expect(page.getByTestId('working-size')).toHaveText('1×1');
    await expectCanvas(page, 1, 1, [12, 34, 56, 255], 1);

    const gray = (x: number, y: number): Rgba => {
      const v = (x * 9 + y * 3) % 256;
      return [v, v, v, 255];
    };
    const grayPng = makePng(20, 10, gray, { colorType: 0 });
    await dropFiles(page, [{ name: 'gray.png', mimeType: 'image/png', buffer: grayPng }]);
    await expect(page.getByTestId('source-name')).toHaveText('gray.png');
    await expectCanvas(page, 20, 10, expectedRgba(20, 10, gray), 1);

    // Left: transparent (any colour), middle: half-transparent red, right: opaque blue.
    const alpha = (x: number): Rgba => (x < 4 ? [0, 0, 0, 0] : x < 8 ? [255, 0, 0, 128] : [0, 0, 255, 255]);
    await dropFiles(page, [{ name: 'alpha.png', mimeType: 'image/png', buffer: makePng(12, 2, alpha) }]);
    await expect(page.getByTestId('source-name')).toHaveText('alpha.png');
    const onWhite = (x: number): Rgba => (x < 4 ? [255, 255, 255, 255] : x < 8 ? [255, 127, 127, 255] : [0, 0, 255, 255]);
    await expectCanvas(page, 12, 2, expectedRgba(12, 2, onWhite), 2);
  });

  test('several files dropped at once: the first image is taken, the rest named', async ({ page }) => {
    await openApp(page);
    await dropFiles(page, [
      { name: 'readme.txt', mimeType: 'text/plain', buffer: Buffer.from('text') },
      { name: 'first.png', mimeType: 'image/png', buffer: makePng(W, H, pattern) },
      { name: 'second.png', mimeType: 'image/png', buffer: makePng(8, 8, pattern) },
    ]);
    await expect(page.getByTestId('source-name')).toHaveText('first.png');
    await expect(page.getByTestId('message')).toContainText('ignored 2 other files: readme.txt, second.png');
  });
});
