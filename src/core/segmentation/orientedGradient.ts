/**
 * An oriented gradient of histograms at the boundaries of a partition, after the brightness,
 * colour and texture gradients of Martin, Fowlkes and Malik (2004) that gPb builds on: at each
 * 4-adjacent pixel pair that the partition cuts, a disc of radius r around the pair's midpoint is
 * split in two halves by a line through the midpoint at each of `orientations` angles, and the
 * chi-squared distance of the halves' histograms (L, a, b and LBP-riu2 codes, averaged over the
 * four channels) is taken at the angle where it is largest. Unlike a contrast of pixels, it sees
 * texture edges and is not fooled by one bright pixel; unlike region histograms, it is local, so a
 * long boundary between two large regions is judged where it runs. Values in [0, 1].
 */
import { COLOUR_BINS, colourBins } from './colourBins';
import { LBP_BINS } from './textureCodes';

/** Options of {@link orientedGradient}. */
export interface OrientedGradientOptions {
  /** Radius r of the disc, in pixels, in [1, 32]. @default 5 */
  radius?: number;
  /** Number of angles, evenly spaced over 180 degrees, in [1, 16]. @default 8 */
  orientations?: number;
}

export const ORIENTED_GRADIENT_DEFAULTS: Required<OrientedGradientOptions> = { radius: 5, orientations: 8 };

export function resolveOrientedGradientOptions(options: OrientedGradientOptions = {}): Required<OrientedGradientOptions> {
  const o = { ...ORIENTED_GRADIENT_DEFAULTS, ...options };
  if (!Number.isFinite(o.radius) || o.radius < 1 || o.radius > 32) throw new RangeError(`radius must be a number in [1, 32], got ${String(options.radius)}`);
  if (!Number.isInteger(o.orientations) || o.orientations < 1 || o.orientations > 16) {
    throw new RangeError(`orientations must be an integer in [1, 16], got ${String(options.orientations)}`);
  }
  return o;
}

const CHANNEL_BINS = [COLOUR_BINS, COLOUR_BINS, COLOUR_BINS, LBP_BINS];
const CHANNEL_START = [0, COLOUR_BINS, 2 * COLOUR_BINS, 3 * COLOUR_BINS];
const ALL_BINS = 3 * COLOUR_BINS + LBP_BINS;

/**
 * The disc's pixels as offsets from p, each with its place among 2K angular slots around the
 * midpoint: slot 2j + 1 for the open sector between rays j and j + 1 (angles j pi / K), slot 2j
 * for a pixel exactly on ray j (a half-disc's dividing line leaves those out).
 */
function discSlots(radius: number, orientations: number, midX: number, midY: number): { dx: Int32Array; dy: Int32Array; slot: Uint8Array } {
  const dx: number[] = [];
  const dy: number[] = [];
  const slot: number[] = [];
  const reach = Math.ceil(radius) + 1;
  for (let y = -reach; y <= reach; y++) {
    for (let x = -reach; x <= reach; x++) {
      const ux = x - midX;
      const uy = y - midY;
      if (ux * ux + uy * uy > radius * radius) continue;
      const angle = Math.atan2(uy, ux);
      const t = (((angle < 0 ? angle + 2 * Math.PI : angle) * orientations) / Math.PI) % (2 * orientations);
      const ray = Math.round(t);
      dx.push(x);
      dy.push(y);
      slot.push(Math.abs(t - ray) < 1e-9 ? 2 * (ray % (2 * orientations)) : 2 * Math.floor(t) + 1);
    }
  }
  return { dx: Int32Array.from(dx), dy: Int32Array.from(dy), slot: Uint8Array.from(slot) };
}

/**
 * The gradient at every pixel pair that `labels` cuts: `horizontal[p]` between p and p + 1,
 * `vertical[p]` between p and p + width (0 where the labels agree). `lab` holds 3 Lab values per
 * pixel, `lbp` the LBP-riu2 code (0..LBP_BINS-1) per pixel (see `textureCodes`).
 */
export function orientedGradient(
  lab: Float64Array,
  lbp: Uint8Array,
  labels: Int32Array,
  width: number,
  height: number,
  options: OrientedGradientOptions = {},
): { horizontal: Float32Array; vertical: Float32Array } {
  const o = resolveOrientedGradientOptions(options);
  const n = width * height;
  if (lab.length !== 3 * n || lbp.length !== n || labels.length !== n) {
    throw new RangeError(`expected ${3 * n} Lab values and ${n} codes and labels for ${width}x${height}`);
  }
  const K = o.orientations;
  // Per pixel its bin in each channel, offset into one histogram of ALL_BINS.
  const bins = new Uint8Array(4 * n);
  const colour = colourBins(lab);
  for (let i = 0; i < n; i++) {
    bins[4 * i] = colour[3 * i];
    bins[4 * i + 1] = CHANNEL_START[1] + colour[3 * i + 1];
    bins[4 * i + 2] = CHANNEL_START[2] + colour[3 * i + 2];
    bins[4 * i + 3] = CHANNEL_START[3] + lbp[i];
  }
  // Histograms per slot (4K slots: sectors and rays), then per orientation k the half from ray k
  // to ray k + K (its sectors and the rays inside) against the rest, less the two rays k, k + K.
  const slots = 4 * K;
  const hist = new Float64Array(slots * ALL_BINS);
  const size = new Float64Array(slots);
  const half = new Float64Array(ALL_BINS);
  const total = new Float64Array(ALL_BINS);
  const move = (q: number, sign: number): number => {
    const h = q * ALL_BINS;
    for (let b = 0; b < ALL_BINS; b++) half[b] += sign * hist[h + b];
    return sign * size[q];
  };
  const at = (x: number, y: number, disc: ReturnType<typeof discSlots>): number => {
    hist.fill(0);
    size.fill(0);
    total.fill(0);
    let totalSize = 0;
    const { dx, dy, slot } = disc;
    for (let j = 0; j < dx.length; j++) {
      const xx = x + dx[j];
      const yy = y + dy[j];
      if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
      const i = 4 * (yy * width + xx);
      const h = slot[j] * ALL_BINS;
      const b0 = bins[i];
      const b1 = bins[i + 1];
      const b2 = bins[i + 2];
      const b3 = bins[i + 3];
      hist[h + b0]++;
      hist[h + b1]++;
      hist[h + b2]++;
      hist[h + b3]++;
      total[b0]++;
      total[b1]++;
      total[b2]++;
      total[b3]++;
      size[slot[j]]++;
      totalSize++;
    }
    // The first half: slots 1 .. 2K - 1 (from ray 0 to ray K, without them).
    half.fill(0);
    let halfSize = 0;
    for (let q = 1; q < 2 * K; q++) halfSize += move(q, 1);
    let best = 0;
    for (let k = 0; k < K; k++) {
      if (k > 0) {
        // Turn by one ray: slots 2k - 1 and 2k leave, 2k + 2K - 2 and 2k + 2K - 1 join.
        halfSize += move(2 * k - 1, -1) + move(2 * k, -1) + move(2 * k + 2 * K - 2, 1) + move(2 * k + 2 * K - 1, 1);
      }
      const r0 = 2 * k * ALL_BINS;
      const r1 = ((2 * k + 2 * K) % slots) * ALL_BINS;
      const n0 = halfSize;
      const n1 = totalSize - halfSize - size[2 * k] - size[(2 * k + 2 * K) % slots];
      if (n0 === 0 || n1 === 0) continue;
      let d = 0;
      for (let c = 0; c < 4; c++) {
        let dc = 0;
        for (let b = CHANNEL_START[c], end = b + CHANNEL_BINS[c]; b < end; b++) {
          const u = half[b] / n0;
          const v = (total[b] - half[b] - hist[r0 + b] - hist[r1 + b]) / n1;
          if (u + v > 0) dc += ((u - v) * (u - v)) / (u + v);
        }
        d += dc / 2; // each channel's chi-squared/2 is in [0, 1]
      }
      best = Math.max(best, d / 4);
    }
    return best;
  };
  const right = discSlots(o.radius, K, 0.5, 0);
  const down = discSlots(o.radius, K, 0, 0.5);
  const horizontal = new Float32Array(n);
  const vertical = new Float32Array(n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (x + 1 < width && labels[p] !== labels[p + 1]) horizontal[p] = at(x, y, right);
      if (y + 1 < height && labels[p] !== labels[p + width]) vertical[p] = at(x, y, down);
    }
  }
  return { horizontal, vertical };
}
