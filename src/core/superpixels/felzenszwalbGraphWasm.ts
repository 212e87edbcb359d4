import { FELZENSZWALB_GRAPH_WASM } from './felzenszwalbGraphWasmBytes';
import { gaussianHalfKernel, reflectIndices } from './gaussianBlur';
import { wasmInstances } from './wasmInstances';

const instances = wasmInstances(FELZENSZWALB_GRAPH_WASM);

type BlurRows = (w: number, h: number, pSrc: number, pIdx: number, pPad: number, pDst: number, k0: number, k1: number, k2: number, k3: number) => void;
type BlurColumns = (w: number, h: number, pSrc: number, pRows: number, pDst: number, k0: number, k1: number, k2: number, k3: number) => void;
type EdgeWeights = (w: number, h: number, pRgb: number, pW: number, pE: number, e0: number, e1: number, e2: number, e3: number) => void;

/**
 * The blur (gaussianBlurRgba, radius 3) and the unsorted edge weights and edges (felzenszwalb.ts's
 * edgeWeights) of a w x h RGBA image in WebAssembly (felzenszwalbGraph.wat): the same bits as
 * the JavaScript. Null where it cannot run.
 */
export function felzenszwalbGraphWasm(
  data: Uint8ClampedArray, w: number, h: number, sigma: number,
): { weight: Float32Array; edge: Int32Array } | null {
  const half = gaussianHalfKernel(sigma);
  if (half.length !== 4) return null;
  const n = w * h;
  const start = [0, (w - 1) * h, (w - 1) * h + w * (h - 1), (w - 1) * h + w * (h - 1) + (w - 1) * (h - 1)];
  const m = start[3] + (w - 1) * (h - 1);
  // Layout (bytes, doubles 8-aligned): RGBA u8[4n], column and row reflections i32[w + 6] and
  // i32[h + 6], the padded row f64[3 (w + 6)], the row pass f64[3n], the blurred image f64[3n],
  // weights f32[m], edges i32[m].
  const align8 = (v: number) => v + ((8 - (v % 8)) % 8);
  const pSrc = 0, pIdx = 4 * n, pRows = pIdx + 4 * (w + 6);
  const pPad = align8(pRows + 4 * (h + 6)), pTmp = pPad + 24 * (w + 6), pRgb = pTmp + 24 * n;
  const pW = pRgb + 24 * n, pE = pW + 4 * m;
  const instance = instances.get(pE + 4 * m);
  if (!instance) return null;
  const { memory, exports } = instance;
  const buf = memory.buffer;
  new Uint8Array(buf, pSrc, 4 * n).set(data);
  new Int32Array(buf, pIdx, w + 6).set(reflectIndices(w, 3));
  new Int32Array(buf, pRows, h + 6).set(reflectIndices(h, 3));
  const [k0, k1, k2, k3] = half;
  (exports.blurRows as BlurRows)(w, h, pSrc, pIdx, pPad, pTmp, k0, k1, k2, k3);
  (exports.blurColumns as BlurColumns)(w, h, pTmp, pRows, pRgb, k0, k1, k2, k3);
  (exports.edgeWeights as EdgeWeights)(w, h, pRgb, pW, pE, start[0], start[1], start[2], start[3]);
  return { weight: new Float32Array(buf, pW, m).slice(), edge: new Int32Array(buf, pE, m).slice() };
}
