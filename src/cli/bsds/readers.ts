/**
 * Node-side readers for the BSDS500 benchmark: MAT-files (decompressed with node:zlib) and
 * label PNGs (8- or 16-bit grayscale, value = label + 1). Every error names the file.
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import type { LabelMap } from '../../core/image/LabelMap';
import {
  assertContiguous,
  groundTruthFromMat,
  segsFromMat,
  ucm2FromMat,
  type FloatMap,
} from '../../core/io/bsdsMat';
import { parseMat, type MatFile } from '../../core/io/readMat';
import { listLabelPngs } from './listFiles';

function read(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT' ? `${path}: file not found` : `${path}: ${(e as Error).message}`,
      { cause: e },
    );
  }
}

/** Runs `fn`, prefixing any error message with `path` unless it already names it. */
function naming<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(msg.startsWith(path) ? msg : `${path}: ${msg}`, { cause: e });
  }
}

export function readMatFile(path: string): MatFile {
  const bytes = read(path);
  return naming(path, () => parseMat(bytes, (b) => inflateSync(b)));
}

export function readGroundTruthFile(path: string): LabelMap[] {
  const mat = readMatFile(path);
  return naming(path, () => groundTruthFromMat(mat, path));
}

export function readSegsFile(path: string): LabelMap[] {
  const mat = readMatFile(path);
  return naming(path, () => segsFromMat(mat, path));
}

export function readUcm2File(path: string): FloatMap {
  const mat = readMatFile(path);
  return naming(path, () => ucm2FromMat(mat, path));
}

/**
 * Reads a grayscale label PNG (8- or 16-bit) holding label + 1 per pixel, as written by
 * encodeLabelPng, into 0-based labels. Rejects colour PNGs, label 0 and gaps in the labels.
 */
export function readLabelPng(path: string): LabelMap {
  const bytes = read(path);
  return naming(path, () => {
    const png = PNG.sync.read(bytes, { skipRescale: true });
    if (png.color || png.palette) {
      throw new Error('expected a grayscale label PNG (8- or 16-bit), got a colour or palette PNG');
    }
    const { width, height, data } = png;
    const labels = new Int32Array(width * height);
    let max = 0;
    for (let i = 0; i < labels.length; i++) {
      // pngjs expands grey to RGBA: take the grey channel.
      const v = data[4 * i];
      if (v < 1) {
        throw new Error(
          `label 0 at row ${Math.floor(i / width) + 1}, column ${(i % width) + 1}; values must be label + 1 >= 1`,
        );
      }
      if (v > max) max = v;
      labels[i] = v - 1;
    }
    assertContiguous(labels, max, path);
    return { width, height, labels };
  });
}

/**
 * Reads a folder of label PNGs (`ID.png` or `ID_<setting>.png`): per image id, one LabelMap per
 * setting in ascending setting order. Throws, naming the file, on a missing or bad PNG.
 */
export function readLabelPngFolder(dir: string): {
  settings: number[];
  images: Map<string, LabelMap[]>;
} {
  const { settings, images } = listLabelPngs(dir);
  const out = new Map<string, LabelMap[]>();
  for (const [id, paths] of images) {
    out.set(
      id,
      paths.map((p, i) => {
        if (p === null)
          throw new Error(
            `${dir}: missing ${id}_${settings[i]}.png (other images have this setting)`,
          );
        return readLabelPng(p);
      }),
    );
  }
  return { settings, images: out };
}
