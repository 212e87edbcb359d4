import type { RgbaImage } from '../core/image/RgbaImage';
import { jpegLooksComplete, sniffImageType } from '../core/image/sniffImageType';
import { workingSize } from '../core/image/workingSize';

export interface DecodedImage {
  name: string;
  originalWidth: number;
  originalHeight: number;
  /** The image at working resolution, opaque (alpha composited on white). */
  image: RgbaImage;
}

/** An error whose message is meant for the person using the page. */
export class ImageInputError extends Error {
  override name = 'ImageInputError';
}

/** Largest decoded size we attempt; beyond it the browser may run out of memory. */
export const MAX_DECODE_PIXELS = 200_000_000;

/**
 * Decodes an image file in the page, respecting its EXIF orientation, and scales it to the
 * working resolution. Every failure is an ImageInputError with a message naming the file.
 */
export async function decodeImageFile(
  file: Blob,
  name: string,
  longSide: number,
): Promise<DecodedImage> {
  if (file.size === 0) throw new ImageInputError(`"${name}" is empty (0 bytes).`);
  const head = new Uint8Array(await file.slice(0, 32).arrayBuffer());
  const type = sniffImageType(head);
  if (type === 'unknown') {
    throw new ImageInputError(
      `"${name}" is not an image this page can read (PNG, JPEG, GIF, WebP, BMP or AVIF).`,
    );
  }
  if (type === 'jpeg' && !jpegLooksComplete(new Uint8Array(await file.slice(-64).arrayBuffer()))) {
    throw new ImageInputError(`"${name}" is a truncated or corrupt JPEG (it has no end marker).`);
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new ImageInputError(`"${name}" could not be decoded: the file is corrupt or unsupported.`);
  }
  try {
    const originalWidth = bitmap.width;
    const originalHeight = bitmap.height;
    if (originalWidth * originalHeight > MAX_DECODE_PIXELS) {
      throw new ImageInputError(
        `"${name}" is ${originalWidth}x${originalHeight}, larger than this page can decode.`,
      );
    }
    const { width, height } = workingSize(originalWidth, originalHeight, { longSide });
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new ImageInputError('This browser cannot create a 2D canvas.');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, width, height);
    // Drawn over the white fill, so transparent pixels come out composited on white, opaque.
    const { data } = ctx.getImageData(0, 0, width, height);
    return { name, originalWidth, originalHeight, image: { width, height, data } };
  } finally {
    bitmap.close();
  }
}

/**
 * Of several dropped or picked files, the first that looks like an image is taken; the others
 * are named so the page can say they were ignored.
 */
export async function pickImageFile(
  files: readonly File[],
): Promise<{ file: File | null; ignored: string[] }> {
  let chosen: File | null = null;
  for (const f of files) {
    if (chosen) break;
    const head = new Uint8Array(await f.slice(0, 32).arrayBuffer());
    if (sniffImageType(head) !== 'unknown') chosen = f;
  }
  const taken = chosen ?? files[0] ?? null;
  return { file: taken, ignored: files.filter((f) => f !== taken).map((f) => f.name) };
}
