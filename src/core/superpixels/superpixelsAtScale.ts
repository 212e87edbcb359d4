import { relabelByFirstAppearance, type LabelMap } from '../image/LabelMap';

/**
 * Superpixels computed at the image's full resolution while DSC trains at a smaller working
 * resolution: the map goes down for the loop (downscaleSuperpixels) and the loop's partition
 * comes back onto the full-resolution superpixels (voteOnSuperpixels), so the output keeps the
 * superpixels' own boundaries instead of blocks of the working grid.
 */

/** Nearest-neighbour resize of a label map (pixel centres), e.g. back to the original size. */
export function resizeLabels(map: LabelMap, width: number, height: number): LabelMap {
  if (map.width === width && map.height === height) return map;
  const labels = new Int32Array(width * height);
  const xs = new Int32Array(width);
  for (let x = 0; x < width; x++) xs[x] = Math.min(map.width - 1, Math.floor(((x + 0.5) * map.width) / width));
  for (let y = 0; y < height; y++) {
    const row = Math.min(map.height - 1, Math.floor(((y + 0.5) * map.height) / height)) * map.width;
    for (let x = 0; x < width; x++) labels[y * width + x] = map.labels[row + xs[x]];
  }
  return { width, height, labels };
}

/**
 * The superpixels of a full-resolution map at a working size: nearest-neighbour, renumbered
 * 0..m-1 by first appearance (a superpixel narrower than the sampling step may vanish; DSC needs
 * contiguous labels). Pieces of one superpixel that the sampling disconnects keep one label.
 */
export function downscaleSuperpixels(full: LabelMap, width: number, height: number): LabelMap {
  const small = resizeLabels(full, width, height);
  return { width, height, labels: relabelByFirstAppearance(small.labels).labels };
}

/**
 * A partition computed at a working size, carried onto full-resolution superpixels: the
 * partition is resized (nearest) to the superpixels' size and each superpixel takes the label
 * most of its pixels carry (ties to the lowest label; Eq. 4's majority vote, at full resolution).
 * Labels are renumbered by first appearance. The result is constant on every superpixel.
 */
export function voteOnSuperpixels(partition: LabelMap, superpixels: LabelMap): LabelMap {
  const { width, height } = superpixels;
  const up = resizeLabels(partition, width, height).labels;
  const sp = superpixels.labels;
  let m = 0;
  let k = 0;
  for (let i = 0; i < sp.length; i++) {
    if (sp[i] < 0) throw new RangeError(`voteOnSuperpixels: negative superpixel label ${sp[i]} at ${i}`);
    m = Math.max(m, sp[i] + 1);
    k = Math.max(k, up[i] + 1);
  }
  // One count per (superpixel, label): m * k stays small (hundreds x tens); a sparse map when not.
  const winner = new Int32Array(m);
  if (m * k <= 1 << 24) {
    const votes = new Int32Array(m * k);
    for (let i = 0; i < sp.length; i++) votes[sp[i] * k + up[i]]++;
    for (let s = 0; s < m; s++) {
      let best = 0;
      for (let l = 1; l < k; l++) if (votes[s * k + l] > votes[s * k + best]) best = l;
      winner[s] = best;
    }
  } else {
    const votes = new Map<number, number>();
    for (let i = 0; i < sp.length; i++) {
      const key = sp[i] * k + up[i];
      votes.set(key, (votes.get(key) ?? 0) + 1);
    }
    const best = new Int32Array(m).fill(-1);
    for (const [key, n] of votes) {
      const s = Math.floor(key / k);
      const l = key - s * k;
      const b = best[s];
      if (b < 0 || n > votes.get(s * k + b)! || (n === votes.get(s * k + b)! && l < b)) best[s] = l;
    }
    winner.set(best.map((b) => Math.max(b, 0)));
  }
  const out = new Int32Array(sp.length);
  for (let i = 0; i < sp.length; i++) out[i] = winner[sp[i]];
  return { width, height, labels: relabelByFirstAppearance(out).labels };
}
