import * as tf from '@tensorflow/tfjs';
import type { RgbaImage } from '../image/RgbaImage';
import { ENCODER_CHANNELS, SIZE_MULTIPLE, SUPERAE_LAYERS } from './buildSuperAE';
import { rgbFloatsToRgba, rgbaToTensor } from './imageTensor';
import { cropToSize, padToMultiple } from './padToMultiple';

/** The SuperAE's outputs for an image of H x W (any size; see SuperAE.predict). */
export interface SuperAEOutputs {
  /** x̂, [B, H, W, 3] in [0, 1] (D3, sigmoid). */
  reconstruction: tf.Tensor4D;
  /** E1, [B, H, W, 64]. */
  e1: tf.Tensor4D;
  /** E2, [B, ceil(H/2), ceil(W/2), 128]. */
  e2: tf.Tensor4D;
  /** E3, [B, ceil(H/4), ceil(W/4), 256]. */
  e3: tf.Tensor4D;
}

/** A pretrained SuperAE (Sec. III-A) in inference mode (batch norm uses the stored statistics). */
export interface SuperAE {
  /**
   * Runs the autoencoder on x [B, H, W, 3] RGB in [0, 1], any H, W >= 1: the image is padded at
   * the bottom/right by edge replication to multiples of 4 and every output cropped back.
   * The caller owns (and disposes) the returned tensors; x is not disposed.
   */
  predict(x: tf.Tensor4D): SuperAEOutputs;
  /** The reconstruction x̂ of an RGBA image (alpha ignored), as an opaque RGBA image. */
  reconstruct(image: RgbaImage): Promise<RgbaImage>;
  /**
   * Every weight by its tfjs name (`e1_conv/kernel`, `e1_bn/gamma`, `e1_bn/moving_mean`, ... see
   * SUPERAE_LAYERS), for the DSC encoder, which starts from them for each image. The tensors
   * belong to the model: clone them (e.g. tf.variable(w)) before training, never dispose them.
   */
  weights(): tf.NamedTensorMap;
  /** The underlying tfjs model (outputs [reconstruction, E1, E2, E3] for inputs of sides 4k). */
  readonly model: tf.LayersModel;
  /** Frees the weights. Later calls throw. */
  dispose(): void;
}

export interface LoadSuperAEOptions {
  /** Called with the fraction of the model loaded, from 0 to 1 (1 exactly once, at the end). */
  onProgress?: (fraction: number) => void;
  /**
   * Runs one small forward pass after loading, so shader compilation (WebGPU) and kernel
   * set-up do not land on the first real image.
   * @default true
   */
  warmUp?: boolean;
}

/** The model could not be loaded: missing, unreachable or corrupt files, or not a SuperAE. */
export class SuperAELoadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SuperAELoadError';
  }
}

const OUTPUT_CHANNELS = [3, ...ENCODER_CHANNELS];
const OUTPUT_STRIDES = [1, 1, 2, 4];
const WARM_UP_SIZE = 16;

function describe(source: string | tf.io.IOHandler): string {
  return typeof source === 'string' ? source : 'the given IOHandler';
}

/** Every weight of the SuperAE by tfjs name, with its shape (buildSuperAE.ts). */
export function superAEWeightShapes(): Record<string, number[]> {
  const L = SUPERAE_LAYERS;
  const [c1, c2, c3] = ENCODER_CHANNELS;
  const shapes: Record<string, number[]> = {};
  const conv = (name: string, shape: number[]) => {
    shapes[`${name}/kernel`] = shape;
    shapes[`${name}/bias`] = [shape[name.includes('deconv') ? 2 : 3]];
  };
  const bn = (name: string, c: number) => {
    for (const w of ['gamma', 'beta', 'moving_mean', 'moving_variance']) shapes[`${name}/${w}`] = [c];
  };
  conv(L.e1.conv, [3, 3, 3, c1]);
  bn(L.e1.bn, c1);
  conv(L.e2.conv, [3, 3, c1, c2]);
  bn(L.e2.bn, c2);
  conv(L.e3.conv, [3, 3, c2, c3]);
  bn(L.e3.bn, c3);
  conv(L.d1.deconv, [4, 4, c2, c3]); // conv2dTranspose kernel: [kh, kw, out, in]
  bn(L.d1.bn, c2);
  conv(L.d2.deconv, [4, 4, c1, c2]);
  bn(L.d2.bn, c1);
  conv(L.d3.conv, [3, 3, c1, 3]);
  return shapes;
}

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, float16: 2, uint16: 2, uint8: 1 };

/**
 * Checks the loaded files before tfjs builds a model from them: a failure inside
 * tf.loadLayersModel after it has created the layers would leak their weights.
 */
function checkArtifacts(a: tf.io.ModelArtifacts): void {
  if (!a.modelTopology || !a.weightSpecs) throw new Error('model.json has no modelTopology or weightsManifest');
  const expected = superAEWeightShapes();
  const names = new Set(a.weightSpecs.map((w) => w.name));
  const missing = Object.keys(expected).filter((n) => !names.has(n));
  const extra = [...names].filter((n) => !(n in expected));
  if (missing.length || extra.length) {
    throw new Error(`weights do not match the SuperAE: missing [${missing.join(', ')}], unexpected [${extra.join(', ')}]`);
  }
  let bytes = 0;
  for (const w of a.weightSpecs) {
    if (JSON.stringify(w.shape) !== JSON.stringify(expected[w.name])) {
      throw new Error(`weight ${w.name} has shape [${w.shape.join(', ')}], expected [${expected[w.name].join(', ')}]`);
    }
    const per = BYTES_PER_VALUE[w.quantization?.dtype ?? w.dtype];
    if (w.dtype !== 'float32' || per === undefined) {
      throw new Error(`weight ${w.name} has unsupported dtype ${w.dtype}/${w.quantization?.dtype ?? '-'}`);
    }
    bytes += per * w.shape.reduce((p, d) => p * d, 1);
  }
  const data = a.weightData;
  const got = data === undefined ? 0 : Array.isArray(data) ? data.reduce((s, b) => s + b.byteLength, 0) : data.byteLength;
  if (got !== bytes) throw new Error(`weight data has ${got} bytes, the manifest needs ${bytes} (truncated or wrong file?)`);
}

/** Throws (naming what is wrong) unless `model` has the SuperAE's inputs, outputs and finite weights. */
async function checkModel(model: tf.LayersModel): Promise<void> {
  const inShape = model.inputs[0]?.shape;
  if (model.inputs.length !== 1 || inShape?.length !== 4 || inShape[3] !== 3) {
    throw new Error(`expected one input [batch, H, W, 3], got ${JSON.stringify(model.inputs.map((i) => i.shape))}`);
  }
  const channels = model.outputs.map((o) => o.shape[3]);
  if (JSON.stringify(channels) !== JSON.stringify(OUTPUT_CHANNELS)) {
    throw new Error(`expected 4 outputs with ${OUTPUT_CHANNELS.join('/')} channels, got ${channels.join('/')}`);
  }
  for (const group of Object.values(SUPERAE_LAYERS)) {
    for (const name of Object.values(group)) model.getLayer(name); // throws naming the layer
  }
  const finite = tf.tidy(() => tf.stack(model.weights.map((w) => tf.all(tf.isFinite(w.read())))));
  const flags = await finite.data();
  finite.dispose();
  const bad = flags.findIndex((f) => !f);
  if (bad >= 0) throw new Error(`weight ${model.weights[bad].originalName} has non-finite values`);
}

class LoadedSuperAE implements SuperAE {
  private disposed = false;

  constructor(readonly model: tf.LayersModel) {}

  private alive(): void {
    if (this.disposed) throw new Error('SuperAE used after dispose()');
  }

  predict(x: tf.Tensor4D): SuperAEOutputs {
    this.alive();
    if (x.rank !== 4 || x.shape[3] !== 3 || x.shape[1] < 1 || x.shape[2] < 1) {
      throw new RangeError(`SuperAE input must be [B, H, W, 3] with H, W >= 1, got [${x.shape.join(', ')}]`);
    }
    const [, h, w] = x.shape;
    return tf.tidy(() => {
      const padded = padToMultiple(x, { multiple: SIZE_MULTIPLE }); // [B, 4⌈H/4⌉, 4⌈W/4⌉, 3]
      const outs = this.model.predict(padded) as tf.Tensor4D[];
      const [reconstruction, e1, e2, e3] = outs.map((o, i) => cropToSize(o, h, w, OUTPUT_STRIDES[i]));
      return { reconstruction, e1, e2, e3 };
    });
  }

  async reconstruct(image: RgbaImage): Promise<RgbaImage> {
    this.alive();
    const recon = tf.tidy(() => {
      const x = rgbaToTensor(image);
      return this.predict(x).reconstruction;
    });
    try {
      return rgbFloatsToRgba(await recon.data(), image.width, image.height);
    } finally {
      recon.dispose();
    }
  }

  weights(): tf.NamedTensorMap {
    this.alive();
    const map: tf.NamedTensorMap = {};
    for (const w of this.model.weights) map[w.originalName] = w.read();
    return map;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.model.dispose();
  }
}

/**
 * Loads the SuperAE exported by training/export_tfjs.py: `source` is the URL of model.json
 * (e.g. '/models/superae/model.json') or an IOHandler (Node: src/cli/io/nodeModelHandler).
 * Checks that it is the SuperAE topology with finite weights, then warms it up.
 * Throws SuperAELoadError, naming the source and the reason, for missing, unreachable or
 * corrupt files; the app then falls back to superpixels on the original image.
 */
export async function loadSuperAE(
  source: string | tf.io.IOHandler,
  options: LoadSuperAEOptions = {},
): Promise<SuperAE> {
  const { onProgress, warmUp = true } = options;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new TypeError('onProgress must be a function');
  }
  if (typeof warmUp !== 'boolean') throw new TypeError(`warmUp must be a boolean, got ${String(warmUp)}`);
  // tfjs reports per file; report a monotonic fraction below 1 until the model is checked.
  let last = -1;
  const progress = (f: number) => {
    const v = Math.min(Math.max(f, 0), 0.99);
    if (v > last) {
      last = v;
      onProgress?.(v);
    }
  };
  let model: tf.LayersModel;
  try {
    const loadOptions = { onProgress: onProgress ? progress : undefined };
    // The same handler tf.loadLayersModel would pick for a URL.
    const handler =
      typeof source === 'string'
        ? (tf.io.getLoadHandlers(source, loadOptions)[0] ?? tf.io.browserHTTPRequest(source, loadOptions))
        : source;
    if (!handler.load) throw new Error('the IOHandler cannot load');
    const artifacts = await handler.load();
    checkArtifacts(artifacts);
    model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new SuperAELoadError(`SuperAE model could not be loaded from ${describe(source)}: ${reason}`, { cause: e });
  }
  const ae = new LoadedSuperAE(model);
  try {
    await checkModel(model);
    if (warmUp) {
      const y = tf.tidy(() => ae.predict(tf.zeros([1, WARM_UP_SIZE, WARM_UP_SIZE, 3])).reconstruction);
      await y.data();
      y.dispose();
    }
  } catch (e) {
    ae.dispose();
    const reason = e instanceof Error ? e.message : String(e);
    throw new SuperAELoadError(`${describe(source)} is not a usable SuperAE model: ${reason}`, { cause: e });
  }
  onProgress?.(1);
  return ae;
}
