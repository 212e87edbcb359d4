import { expect, type Page } from '@playwright/test';

export interface FileSpec {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** Dispatches a real `drop` event whose DataTransfer carries the files, as a browser drag would. */
export async function dropFiles(page: Page, files: FileSpec[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.mimeType, b64: f.buffer.toString('base64') }));
  const dataTransfer = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const it of items) {
      const bin = atob(it.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], it.name, { type: it.type }));
    }
    return dt;
  }, payload);
  await page.dispatchEvent('.stage', 'dragenter', { dataTransfer });
  await page.dispatchEvent('.stage', 'dragover', { dataTransfer });
  await page.dispatchEvent('.stage', 'drop', { dataTransfer });
}

export interface CanvasPixels {
  width: number;
  height: number;
  data: number[];
}

/** The pixels of a canvas on the page, by test id. */
export async function readCanvas(page: Page, testId = 'image-canvas'): Promise<CanvasPixels> {
  return page.getByTestId(testId).evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    return { width: c.width, height: c.height, data: Array.from(d) };
  });
}

/**
 * Opens the app and waits until the first sample is on the canvas. By default the pipeline does
 * not start by itself (`auto=0`): these tests are about the image, and SwiftShader is slow.
 */
export async function openApp(page: Page, query = '?auto=0'): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByTestId('source-name')).not.toHaveText('—');
  await expect(page.getByTestId('image-canvas')).toBeVisible();
}

/** Largest absolute difference between two RGBA buffers' RGB channels. */
export function maxRgbDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    if (i % 4 === 3) continue;
    m = Math.max(m, Math.abs(a[i] - b[i]));
  }
  return m;
}

/**
 * Waits until the canvas shows `expected` (w x h RGBA) within `tolerance`: the canvas is painted
 * in the animation frame after the store changes, so a read right after the file name appears
 * can still see the previous image.
 */
export async function expectCanvas(
  page: Page,
  width: number,
  height: number,
  expected: ArrayLike<number>,
  tolerance: number,
): Promise<void> {
  await expect
    .poll(async () => {
      const px = await readCanvas(page);
      return px.width === width && px.height === height ? maxRgbDiff(px.data, expected) : Infinity;
    })
    .toBeLessThanOrEqual(tolerance);
}
