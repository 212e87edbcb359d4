/**
 * An independent float64 implementation of the DSC loss (Eq. 3 to 9) in plain loops, written
 * apart from the tfjs code so that tests can check it (loss values, pseudo-labels, and gradients
 * by finite differences). Slow: for tiny images only. Not used by the app.
 */

import type { EmbeddingNorm } from './DscOptions';

export interface ReferenceLossInput {
  width: number;
  height: number;
  /** RGB in [0, 1], row-major, 3 per pixel. */
  rgb: Float64Array;
  /** Contiguous superpixel ids 0..m-1. */
  ids: Int32Array;
  m: number;
  /** Channels of E1, E2, E3 and K. */
  channels: [number, number, number];
  k: number;
  /** Same names and layouts as the tfjs parameters (kernels [3, 3, Cin, Cout], head [C, K]). */
  params: ReadonlyMap<string, Float64Array>;
  sigma: number;
  r: number;
  alpha: number;
  beta: number;
  cut: 'normalized' | 'plain';
  bnMode: 'batch' | 'moving';
  /** Normalise Z over the pixels before Eq. 3 to 8 (DscOptions.embeddingNorm). @default 'none' */
  embeddingNorm?: EmbeddingNorm;
  /** Hold the pseudo-labels and W at these values (what "no gradient" means for differences). */
  fixedPseudoLabels?: Int32Array;
  fixedW?: Float64Array;
}

export interface ReferenceLossOutput {
  total: number;
  ce: number;
  cut: number;
  pseudoLabels: Int32Array;
  w: Float64Array;
}

interface Feature {
  h: number;
  w: number;
  c: number;
  /** [h, w, c] row-major. */
  v: Float64Array;
}

function get(params: ReadonlyMap<string, Float64Array>, name: string): Float64Array {
  const v = params.get(name);
  if (!v) throw new Error(`reference: missing ${name}`);
  return v;
}

function convBnRelu(
  x: Feature,
  params: ReadonlyMap<string, Float64Array>,
  stage: string,
  cOut: number,
  stride: number,
  bnMode: 'batch' | 'moving',
): Feature {
  const kernel = get(params, `${stage}_conv/kernel`);
  const bias = get(params, `${stage}_conv/bias`);
  const h = x.h / stride;
  const w = x.w / stride;
  const out = new Float64Array(h * w * cOut);
  for (let oy = 0; oy < h; oy++) {
    for (let ox = 0; ox < w; ox++) {
      for (let o = 0; o < cOut; o++) {
        let s = bias[o];
        for (let dy = 0; dy < 3; dy++) {
          const iy = oy * stride + dy - 1;
          if (iy < 0 || iy >= x.h) continue;
          for (let dx = 0; dx < 3; dx++) {
            const ix = ox * stride + dx - 1;
            if (ix < 0 || ix >= x.w) continue;
            for (let ci = 0; ci < x.c; ci++) {
              s += x.v[(iy * x.w + ix) * x.c + ci] * kernel[((dy * 3 + dx) * x.c + ci) * cOut + o];
            }
          }
        }
        out[(oy * w + ox) * cOut + o] = s;
      }
    }
  }
  const gamma = get(params, `${stage}_bn/gamma`);
  const beta = get(params, `${stage}_bn/beta`);
  const n = h * w;
  for (let o = 0; o < cOut; o++) {
    let mean: number;
    let variance: number;
    if (bnMode === 'batch') {
      mean = 0;
      for (let p = 0; p < n; p++) mean += out[p * cOut + o];
      mean /= n;
      variance = 0;
      for (let p = 0; p < n; p++) variance += (out[p * cOut + o] - mean) ** 2;
      variance /= n;
    } else {
      mean = get(params, `${stage}_bn/moving_mean`)[o];
      variance = get(params, `${stage}_bn/moving_variance`)[o];
    }
    const scale = gamma[o] / Math.sqrt(variance + 1e-5);
    for (let p = 0; p < n; p++) {
      out[p * cOut + o] = Math.max(0, (out[p * cOut + o] - mean) * scale + beta[o]);
    }
  }
  return { h, w, c: cOut, v: out };
}

/** Bilinear sample (half-pixel centres, clamped) of a feature map at full padded resolution. */
function sampleUp(
  f: Feature,
  fullH: number,
  fullW: number,
  y: number,
  x: number,
  c: number,
): number {
  const sy = Math.min(Math.max(((y + 0.5) * f.h) / fullH - 0.5, 0), f.h - 1);
  const sx = Math.min(Math.max(((x + 0.5) * f.w) / fullW - 0.5, 0), f.w - 1);
  const y0 = Math.floor(sy);
  const x0 = Math.floor(sx);
  const y1 = Math.min(y0 + 1, f.h - 1);
  const x1 = Math.min(x0 + 1, f.w - 1);
  const ay = sy - y0;
  const ax = sx - x0;
  const at = (yy: number, xx: number) => f.v[(yy * f.w + xx) * f.c + c];
  return (
    (1 - ay) * ((1 - ax) * at(y0, x0) + ax * at(y0, x1)) +
    ay * ((1 - ax) * at(y1, x0) + ax * at(y1, x1))
  );
}

function softmaxRow(v: Float64Array): Float64Array {
  let max = -Infinity;
  for (const x of v) max = Math.max(max, x);
  const e = v.map((x) => Math.exp(x - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

export function referenceDscLoss(input: ReferenceLossInput): ReferenceLossOutput {
  const { width, height, rgb, ids, m, k, params, channels } = input;
  const n = width * height;
  const ph = Math.ceil(height / 4) * 4;
  const pw = Math.ceil(width / 4) * 4;
  const padded = new Float64Array(ph * pw * 3);
  for (let y = 0; y < ph; y++) {
    for (let x = 0; x < pw; x++) {
      const src = (Math.min(y, height - 1) * width + Math.min(x, width - 1)) * 3;
      for (let c = 0; c < 3; c++) padded[(y * pw + x) * 3 + c] = rgb[src + c];
    }
  }
  const e1 = convBnRelu(
    { h: ph, w: pw, c: 3, v: padded },
    params,
    'e1',
    channels[0],
    1,
    input.bnMode,
  );
  const e2 = convBnRelu(e1, params, 'e2', channels[1], 2, input.bnMode);
  const e3 = convBnRelu(e2, params, 'e3', channels[2], 2, input.bnMode);

  // Deep embedding, 3 + C1 + C2 + C3 channels, then the 1x1 head: Z [N, K].
  const head = get(params, 'head/kernel');
  const headBias = get(params, 'head/bias');
  const cAll = 3 + channels[0] + channels[1] + channels[2];
  const z = new Float64Array(n * k);
  const emb = new Float64Array(cAll);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let c = 0;
      for (let q = 0; q < 3; q++) emb[c++] = rgb[(y * width + x) * 3 + q];
      for (let q = 0; q < e1.c; q++) emb[c++] = e1.v[(y * pw + x) * e1.c + q];
      for (let q = 0; q < e2.c; q++) emb[c++] = sampleUp(e2, ph, pw, y, x, q);
      for (let q = 0; q < e3.c; q++) emb[c++] = sampleUp(e3, ph, pw, y, x, q);
      const i = y * width + x;
      for (let o = 0; o < k; o++) {
        let s = headBias[o];
        for (let q = 0; q < cAll; q++) s += emb[q] * head[q * k + o];
        z[i * k + o] = s;
      }
    }
  }

  const norm = input.embeddingNorm ?? 'none';
  if (norm !== 'none') {
    const means = new Float64Array(k);
    const variances = new Float64Array(k);
    for (let o = 0; o < k; o++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += z[i * k + o];
      mean /= n;
      let variance = 0;
      for (let i = 0; i < n; i++) variance += (z[i * k + o] - mean) ** 2;
      means[o] = mean;
      variances[o] = variance / n;
    }
    let meanVariance = 0;
    for (let o = 0; o < k; o++) meanVariance += variances[o] / k;
    for (let o = 0; o < k; o++) {
      const scale =
        norm === 'center'
          ? 1
          : norm === 'scale'
            ? 1 / Math.sqrt(meanVariance + 1e-5)
            : 1 / Math.sqrt(variances[o] + 1e-5);
      for (let i = 0; i < n; i++) z[i * k + o] = (z[i * k + o] - means[o]) * scale;
    }
  }

  // Eq. 4: majority vote of the pixel argmax within each superpixel (ties: lowest label).
  let pseudo = input.fixedPseudoLabels;
  if (!pseudo) {
    const votes = new Float64Array(m * k);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let o = 1; o < k; o++) if (z[i * k + o] > z[i * k + best]) best = o;
      votes[ids[i] * k + best]++;
    }
    pseudo = new Int32Array(m);
    for (let j = 0; j < m; j++) {
      let best = 0;
      for (let o = 1; o < k; o++) if (votes[j * k + o] > votes[j * k + best]) best = o;
      pseudo[j] = best;
    }
  }

  // Eq. 3.
  let ce = 0;
  for (let i = 0; i < n; i++) {
    const p = softmaxRow(z.subarray(i * k, (i + 1) * k));
    ce -= Math.log(p[pseudo[ids[i]]]);
  }
  ce /= n;

  // Eq. 5, 6.
  const f = new Float64Array(m * k);
  const size = new Float64Array(m);
  const cx = new Float64Array(m);
  const cy = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const j = ids[i];
    size[j]++;
    cx[j] += i % width;
    cy[j] += Math.floor(i / width);
    for (let o = 0; o < k; o++) f[j * k + o] += z[i * k + o];
  }
  for (let j = 0; j < m; j++) for (let o = 0; o < k; o++) f[j * k + o] /= size[j];
  const a: Float64Array[] = [];
  for (let j = 0; j < m; j++) a.push(softmaxRow(f.subarray(j * k, (j + 1) * k)));

  // Eq. 7.
  let w = input.fixedW;
  if (!w) {
    w = new Float64Array(m * m);
    for (let j = 0; j < m; j++) {
      for (let l = 0; l < m; l++) {
        let d2 = 0;
        for (let o = 0; o < k; o++) d2 += (f[j * k + o] - f[l * k + o]) ** 2;
        const dist = Math.hypot(
          cx[j] / size[j] - cx[l] / size[l],
          cy[j] / size[j] - cy[l] / size[l],
        );
        w[j * m + l] = dist < input.r ? Math.exp(-d2 / input.sigma) : 0;
      }
    }
  }

  // Eq. 8, written from its definition: sum_jl W_jl A_jk (1 - A_lk).
  let cut = 0;
  if (input.cut === 'normalized') {
    for (let o = 0; o < k; o++) {
      let num = 0;
      let den = 0;
      for (let j = 0; j < m; j++) {
        for (let l = 0; l < m; l++) {
          num += w[j * m + l] * a[j][o] * (1 - a[l][o]);
          den += w[j * m + l] * a[j][o];
        }
      }
      // The same small guard as the tfjs code: (den - num) / (den + eps) = 1 - num'/(den + eps).
      cut += 1 - (den - num) / (den + 1e-8);
    }
  } else {
    let num = 0;
    let den = 0;
    for (let j = 0; j < m; j++) {
      for (let l = 0; l < m; l++) {
        den += w[j * m + l];
        for (let o = 0; o < k; o++) num += w[j * m + l] * a[j][o] * (1 - a[l][o]);
      }
    }
    cut = num / den;
  }
  return { total: input.alpha * ce + input.beta * cut, ce, cut, pseudoLabels: pseudo, w };
}
