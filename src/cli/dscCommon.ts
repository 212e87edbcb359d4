/**
 * What the DSC command lines share: option parsing, the encoder (trained model or random),
 * working resolution, superpixels, and writing files so that a cancel leaves nothing half-done.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { DSC_DEFAULTS, EMBEDDING_NORMS, resolveDscOptions, type DscOptions } from '../core/dsc/DscOptions';
import { encoderWeightsFromModel } from '../core/dsc/encoderWeights';
import { countLabels, type LabelMap } from '../core/image/LabelMap';
import type { RgbaImage } from '../core/image/RgbaImage';
import { workingSize } from '../core/image/workingSize';
import { buildSuperAE, SIZE_MULTIPLE } from '../core/superae/buildSuperAE';
import { computeSuperpixels, SUPERPIXEL_ALGORITHMS, type SuperpixelAlgorithm } from '../core/superpixels/computeSuperpixels';
import { downscaleSuperpixels, resizeLabels, voteOnSuperpixels } from '../core/superpixels/superpixelsAtScale';
import { parseSuperpixelParams, type SuperpixelParams } from './superpixelParams';
import { NODE_BACKENDS, type NodeBackend } from './tfNode';

export { resizeLabels };

/** Command-line flag -> DscOptions field, with how to parse the value. */
const DSC_FLAGS: Record<string, [keyof DscOptions, (v: string) => unknown]> = {
  '--k': ['k', Number],
  '--iters': ['iterations', Number],
  '--lr': ['learningRate', Number],
  '--momentum': ['momentum', Number],
  '--sigma': ['sigma', Number],
  '--r': ['r', (v) => (v === 'inf' || v === 'Infinity' ? Infinity : Number(v))],
  '--alpha': ['alpha', Number],
  '--beta': ['beta', Number],
  '--cut': ['cut', String],
  '--head-init': ['headInit', String],
  '--head-gain': ['headGain', Number],
  '--bn-mode': ['bnMode', String],
  '--embedding-norm': ['embeddingNorm', String],
  '--min-labels': ['minLabels', Number],
  '--min-region': ['minRegionFraction', Number],
  '--seed': ['seed', Number],
  '--kernels': ['kernels', String],
};
const DSC_SWITCHES: Record<string, keyof DscOptions> = { '--split-components': 'splitComponents' };

export const DSC_FLAGS_HELP = `DSC options (defaults in brackets; see docs/method.md):
  --k N [${DSC_DEFAULTS.k}]  --iters N [${DSC_DEFAULTS.iterations}]  --lr X [${DSC_DEFAULTS.learningRate}]  --momentum X [${DSC_DEFAULTS.momentum}]
  --sigma X [${DSC_DEFAULTS.sigma}]  --r X|inf [inf]  --alpha X [${DSC_DEFAULTS.alpha}]  --beta X [${DSC_DEFAULTS.beta}]
  --cut normalized|plain [${DSC_DEFAULTS.cut}]  --head-init uniform|normal [${DSC_DEFAULTS.headInit}]  --head-gain X [${DSC_DEFAULTS.headGain}]
  --bn-mode batch|moving [${DSC_DEFAULTS.bnMode}]  --embedding-norm ${EMBEDDING_NORMS.join('|')} [${DSC_DEFAULTS.embeddingNorm}]  --split-components  --min-region FRACTION [${DSC_DEFAULTS.minRegionFraction}]  --min-labels N [${DSC_DEFAULTS.minLabels}]  --seed S [${DSC_DEFAULTS.seed}]
  --kernels auto|stock|gather|matmul|chunked|fused|polyphase|wgsl [${DSC_DEFAULTS.kernels}] (same numbers, different speed)
Common: --superpixels slic|egb|ms [egb]  --on image|reconstruction [reconstruction; image with
  --random-encoder]  --size LONG_SIDE [481]  --backend wasm|cpu|webgpu [wasm]  --model DIR [models/superae]
  --superpixels-at working|full [working] (full: superpixels at the image's size, DSC at --size,
  the partition voted back onto them)
  --superpixel-params JSON [{}] (the algorithm's other parameters, e.g. '{"minSize":200}' for EGB,
  the value chosen on val; docs/results.md)
  --random-encoder (random SuperAE weights, for testing only)`;

export interface CommonArgs {
  dsc: DscOptions;
  superpixels: SuperpixelAlgorithm;
  on: 'image' | 'reconstruction';
  size: number;
  /** Where the superpixels are computed: at the working size, or at the image's own size. */
  superpixelsAt: 'working' | 'full';
  backend: NodeBackend;
  model: string;
  randomEncoder: boolean;
  /** Parameters of the superpixel algorithm besides its searched one (e.g. EGB's minSize). */
  superpixelParams: SuperpixelParams;
}

/**
 * A tiny flag parser: `--name value` pairs, switches, and positionals. Every flag must be
 * known; a flag given twice is an error.
 */
export function parseFlags(
  argv: string[],
  valueFlags: readonly string[],
  switches: readonly string[],
): { values: Map<string, string>; switches: Set<string>; positionals: string[] } {
  const values = new Map<string, string>();
  const on = new Set<string>();
  const positionals: string[] = [];
  const allValues = new Set([...valueFlags, ...Object.keys(DSC_FLAGS), '--superpixels', '--on', '--size', '--superpixels-at', '--backend', '--model', '--superpixel-params']);
  const allSwitches = new Set([...switches, ...Object.keys(DSC_SWITCHES), '--random-encoder']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (allSwitches.has(a)) on.add(a);
    else if (allValues.has(a)) {
      const v = argv[i + 1];
      if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new Error(`${a} needs a value`);
      if (values.has(a)) throw new Error(`${a} given twice`);
      values.set(a, v);
      i++;
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else positionals.push(a);
  }
  return { values, switches: on, positionals };
}

/** The DSC and common options out of parsed flags; DSC values are validated here. */
export function commonArgs(values: Map<string, string>, on: Set<string>): CommonArgs {
  const dsc: Record<string, unknown> = {};
  for (const [flag, [field, parse]] of Object.entries(DSC_FLAGS)) {
    const v = values.get(flag);
    if (v !== undefined) dsc[field] = parse(v);
  }
  for (const [flag, field] of Object.entries(DSC_SWITCHES)) if (on.has(flag)) dsc[field] = true;
  resolveDscOptions(dsc as DscOptions); // throws naming the field
  const superpixels = (values.get('--superpixels') ?? 'egb') as SuperpixelAlgorithm;
  if (!SUPERPIXEL_ALGORITHMS.includes(superpixels)) {
    throw new Error(`--superpixels must be one of ${SUPERPIXEL_ALGORITHMS.join(', ')}, got ${superpixels}`);
  }
  const randomEncoder = on.has('--random-encoder');
  const onWhat = values.get('--on') ?? (randomEncoder ? 'image' : 'reconstruction');
  if (onWhat !== 'image' && onWhat !== 'reconstruction') throw new Error(`--on must be image or reconstruction, got ${onWhat}`);
  const size = Number(values.get('--size') ?? 481);
  workingSize(1, 1, { longSide: size }); // validates
  const superpixelsAt = values.get('--superpixels-at') ?? 'working';
  if (superpixelsAt !== 'working' && superpixelsAt !== 'full') {
    throw new Error(`--superpixels-at must be working or full, got ${superpixelsAt}`);
  }
  const superpixelParams = parseSuperpixelParams(values.get('--superpixel-params'), '--superpixel-params');
  const backend = (values.get('--backend') ?? 'wasm') as NodeBackend;
  if (!NODE_BACKENDS.includes(backend)) throw new Error(`--backend must be one of ${NODE_BACKENDS.join(', ')}, got ${backend}`);
  return {
    dsc: dsc as DscOptions,
    superpixels,
    on: onWhat,
    size,
    superpixelsAt,
    backend,
    model: values.get('--model') ?? 'models/superae',
    randomEncoder,
    superpixelParams,
  };
}

/** A JSON-safe copy of resolved options (Infinity is not JSON). */
export function jsonOptions(o: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === Infinity ? 'Infinity' : v]));
}

/**
 * Loads the SuperAE (a tfjs layers model: model.json + weight shards) from a folder, or builds
 * random weights with `--random-encoder`. Missing files give a message that says what to do.
 */
export async function loadSuperAEModel(args: Pick<CommonArgs, 'model' | 'randomEncoder'>): Promise<tf.LayersModel> {
  if (args.randomEncoder) return buildSuperAE(0);
  const file = join(args.model, 'model.json');
  if (!existsSync(file)) {
    throw new Error(
      `the SuperAE model is missing: ${file} not found. Export the trained SuperAE there (see the ` +
        'superae training scripts), point --model at it, or pass --random-encoder to test with random weights',
    );
  }
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    format?: string;
  };
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const shards = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(args.model, p))));
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  return tf.loadLayersModel({
    load: () => Promise.resolve({ modelTopology: json.modelTopology, weightSpecs: specs, weightData, format: json.format }),
  });
}

export { encoderWeightsFromModel };

/** Reads a tensor back and disposes it; async, as tfjs-webgpu's dataSync needs OffscreenCanvas (none in Node). */
async function readAndDispose(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

/** Resizes an image (bilinear, half-pixel centres) to the working size; unchanged when it fits. */
export async function toWorkingSize(image: RgbaImage, longSide: number): Promise<RgbaImage> {
  const { width, height } = workingSize(image.width, image.height, { longSide });
  if (width === image.width && height === image.height) return image;
  const resized = tf.tidy(() => {
    const x = tf.tensor3d(Float32Array.from(image.data), [image.height, image.width, 4]);
    return tf.image.resizeBilinear(x, [height, width], false, true).round().clipByValue(0, 255);
  });
  return { width, height, data: Uint8ClampedArray.from(await readAndDispose(resized)) };
}

/** The SuperAE reconstruction x̂ of an image (inference mode; edge padding to multiples of 4). */
export async function reconstruct(model: tf.LayersModel, image: RgbaImage): Promise<RgbaImage> {
  const { width, height } = image;
  const ph = Math.ceil(height / SIZE_MULTIPLE) * SIZE_MULTIPLE;
  const pw = Math.ceil(width / SIZE_MULTIPLE) * SIZE_MULTIPLE;
  const rgb = new Float32Array(ph * pw * 3);
  for (let y = 0; y < ph; y++) {
    for (let x = 0; x < pw; x++) {
      const s = (Math.min(y, height - 1) * width + Math.min(x, width - 1)) * 4;
      for (let c = 0; c < 3; c++) rgb[(y * pw + x) * 3 + c] = image.data[s + c] / 255;
    }
  }
  const out = await readAndDispose(
    tf.tidy(() => {
      const [recon] = model.predict(tf.tensor4d(rgb, [1, ph, pw, 3])) as tf.Tensor[];
      return recon.slice([0, 0, 0, 0], [1, height, width, 3]);
    }),
  );
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) data[i * 4 + c] = Math.round(out[i * 3 + c] * 255);
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

/** Superpixels of the working image, on the image itself or on its reconstruction. */
/** Reconstructions in progress or made, per image object: one SuperAE forward for all its settings. */
const reconstructions = new WeakMap<RgbaImage, { model: tf.LayersModel; image: Promise<RgbaImage> }>();

/**
 * reconstruct(), once per (image object, model): bsds:dsc asks for the same image's superpixels at
 * each of its settings, and the forward pass at full size was most of a run's preparation (wasm,
 * this 2-core machine: one val image's four settings at 60 px, 2 iterations, 68.1 s before and
 * 25.4 s with it, the same maps). A failed one is forgotten.
 */
function reconstructOnce(model: tf.LayersModel, image: RgbaImage): Promise<RgbaImage> {
  const hit = reconstructions.get(image);
  if (hit?.model === model) return hit.image;
  const made = reconstruct(model, image);
  reconstructions.set(image, { model, image: made });
  void made.catch(() => reconstructions.delete(image));
  return made;
}

export async function superpixelsFor(
  image: RgbaImage,
  model: tf.LayersModel,
  args: Pick<CommonArgs, 'superpixels' | 'on' | 'superpixelParams'>,
  targetCount: number,
  signal?: AbortSignal,
): Promise<LabelMap> {
  const source = args.on === 'reconstruction' ? await reconstructOnce(model, image) : image;
  return computeSuperpixels(source, { algorithm: args.superpixels, targetCount, params: args.superpixelParams, signal });
}

/** One image's DSC inputs at the working size, and the way back to the image's own size. */
export interface PreparedImage {
  /** The image at the working size (what DSC trains on). */
  image: RgbaImage;
  /** Superpixels at the working size. */
  superpixels: LabelMap;
  /** Number of superpixels as computed (at full size with --superpixels-at full). */
  superpixelCount: number;
  /** The superpixels at the original size (as computed, or resized from the working size). */
  originalSuperpixels: LabelMap;
  /** A working-size partition at the original size. */
  toOriginal(labels: Int32Array): LabelMap;
}

/**
 * Superpixels for one image and target count, at the working size (`--superpixels-at working`,
 * then partitions are resized back) or at the image's size (`full`: the map is sampled down for
 * DSC and each partition is voted back onto the full-size superpixels, voteOnSuperpixels).
 */
export async function prepareImage(
  original: RgbaImage,
  image: RgbaImage,
  model: tf.LayersModel,
  args: Pick<CommonArgs, 'superpixels' | 'on' | 'superpixelsAt' | 'superpixelParams'>,
  targetCount: number,
  signal?: AbortSignal,
): Promise<PreparedImage> {
  const working = (l: Int32Array): LabelMap => ({ width: image.width, height: image.height, labels: l });
  if (args.superpixelsAt === 'working' || (image.width === original.width && image.height === original.height)) {
    const superpixels = await superpixelsFor(image, model, args, targetCount, signal);
    return {
      image,
      superpixels,
      superpixelCount: countLabels(superpixels.labels),
      originalSuperpixels: resizeLabels(superpixels, original.width, original.height),
      toOriginal: (l) => resizeLabels(working(l), original.width, original.height),
    };
  }
  return preparedFromFull(image, await superpixelsFor(original, model, args, targetCount, signal));
}

/**
 * DSC inputs from superpixels at the image's own size (computed, or read from a file): sampled
 * down to the working size for DSC, each partition voted back onto them.
 */
export function preparedFromFull(image: RgbaImage, full: LabelMap): PreparedImage {
  const working = (l: Int32Array): LabelMap => ({ width: image.width, height: image.height, labels: l });
  return {
    image,
    superpixels: downscaleSuperpixels(full, image.width, image.height),
    superpixelCount: countLabels(full.labels),
    originalSuperpixels: full,
    toOriginal: (l) => voteOnSuperpixels(working(l), full),
  };
}

/**
 * Writes files all-or-nothing: each goes to a hidden temporary name beside its target, and only
 * when every one is written are they renamed into place. On any error the temporaries go.
 */
export function writeFilesAtomically(files: { path: string; bytes: Buffer | string }[]): void {
  const temps: string[] = [];
  try {
    for (const f of files) {
      const tmp = join(dirname(f.path), `.${basename(f.path)}.${process.pid}.tmp`);
      temps.push(tmp);
      writeFileSync(tmp, f.bytes);
    }
    const moved: string[] = [];
    try {
      files.forEach((f, i) => {
        renameSync(temps[i], f.path);
        moved.push(f.path);
      });
    } catch (e) {
      // A later rename failed: take back the earlier ones so the set stays all-or-nothing.
      for (const m of moved) rmSync(m, { force: true });
      throw e;
    }
  } finally {
    for (const t of temps) rmSync(t, { force: true });
  }
}

/**
 * An AbortController that SIGINT/SIGTERM abort (a second signal exits at once), and a function
 * that removes the handlers.
 */
export function abortOnSignals(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\ncancelling (again to quit at once)...\n');
    controller.abort(new Error('cancelled by a signal'));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/** A comma-separated list of positive integers (`--snapshots 4,16`), sorted and deduplicated. */
/** An on|off flag's value as a boolean (undefined: `fallback`). */
export function onOffFlag(flag: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value !== 'on' && value !== 'off') throw new Error(`${flag} must be on or off, got ${value}`);
  return value === 'on';
}

export function parseCountList(flag: string, value: string | undefined): number[] {
  if (value === undefined) return [];
  const list = value.split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`${flag} must be a comma-separated list of positive integers, got ${value}`);
  }
  return [...new Set(list)].sort((a, b) => a - b);
}

/**
 * Label maps picked out of a DSC run besides the last one: after given iteration counts
 * (`it<N>`, 1-based) and at the first iteration whose region count is at most given bounds
 * (`le<L>`). A run that ends before a snapshot (fewer iterations, or minLabels) or never gets
 * down to a bound gives the final labels there.
 */
export class IterationSnapshots {
  private readonly picked = new Map<string, Int32Array>();
  private final: Int32Array | undefined;

  constructor(
    readonly iterations: readonly number[],
    readonly stopLabels: readonly number[],
  ) {}

  /** The variant names, `it<N>` then `le<L>`, in the order given. */
  get names(): string[] {
    return [...this.iterations.map((n) => `it${n}`), ...this.stopLabels.map((l) => `le${l}`)];
  }

  /** Records one iteration's labels (0-based `iteration`, as DscIteration reports it). */
  observe(it: { iteration: number; regionCount: number; labels: Int32Array }): void {
    const count = it.iteration + 1;
    for (const n of this.iterations) if (n === count) this.picked.set(`it${n}`, it.labels);
    for (const l of this.stopLabels) {
      if (it.regionCount <= l && !this.picked.has(`le${l}`)) this.picked.set(`le${l}`, it.labels);
    }
    this.final = it.labels;
  }

  /** Every variant's labels (the final ones where none was picked); null before any iteration. */
  result(): Map<string, Int32Array> | null {
    const final = this.final;
    if (!final) return null;
    return new Map(this.names.map((name) => [name, this.picked.get(name) ?? final]));
  }
}
