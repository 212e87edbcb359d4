import { DEFAULT_LONG_SIDE, MAX_LONG_SIDE, MIN_LONG_SIDE } from '../core/image/workingSize';
import { DSC_DEFAULTS } from '../core/dsc/DscOptions';
import { OVERLAY_MODES } from '../core/overlay/renderOverlay';

/** The pipeline's stages, in order: a change reruns its stage and every later one. */
export const STAGES = ['image', 'reconstruction', 'superpixels', 'dsc', 'view'] as const;
export type Stage = (typeof STAGES)[number];

interface ParamBase {
  /** URL parameter name. */
  key: string;
  label: string;
  /** The first stage a change of this parameter invalidates. */
  stage: Stage;
  /** One sentence for the help text. */
  help: string;
}
export interface NumberParam extends ParamBase {
  kind: 'number';
  min: number;
  max: number;
  step: number;
  default: number;
  /** Shown on a log-scale slider (learning rate, sigma). */
  log?: boolean;
}
export interface ChoiceParam extends ParamBase {
  kind: 'choice';
  options: readonly { value: string; label: string }[];
  default: string;
}
export type Param = NumberParam | ChoiceParam;

/**
 * Off by default: val preferred 7.5% for EGB on SC (16 images, not significant; only VI's gain
 * was), and on the test split it lowered SC and PRI while it improved VI (docs/results.md,
 * "Small regions after the split"). The slider is there for fewer, larger regions.
 */
export const MIN_REGION_PERCENT = 0;

export const PARAMS = [
  {
    kind: 'number',
    key: 'size',
    label: 'Working resolution (long side, px)',
    stage: 'image',
    min: MIN_LONG_SIDE,
    max: MAX_LONG_SIDE,
    step: 1,
    default: DEFAULT_LONG_SIDE,
    help: 'Images are scaled down so their long side is at most this.',
  },
  {
    kind: 'choice',
    key: 'sp',
    label: 'Superpixels',
    stage: 'superpixels',
    default: 'egb',
    help: 'The over-segmentation DSC merges.',
    options: [
      { value: 'slic', label: 'SLIC' },
      { value: 'egb', label: 'Felzenszwalb (EGB)' },
      { value: 'ms', label: 'Mean shift' },
    ],
  },
  {
    kind: 'number',
    key: 'count',
    label: 'Superpixel count (target)',
    stage: 'superpixels',
    min: 4,
    max: 1000,
    step: 1,
    default: 100,
    help: 'The algorithm’s main parameter is adjusted to reach about this many superpixels.',
  },
  {
    kind: 'choice',
    key: 'on',
    label: 'Superpixels computed on',
    stage: 'superpixels',
    default: 'reconstruction',
    help: 'The SuperAE’s smoothed reconstruction gives cleaner superpixels than the raw image.',
    options: [
      { value: 'reconstruction', label: 'SuperAE reconstruction' },
      { value: 'image', label: 'Original image' },
    ],
  },
  {
    kind: 'number',
    key: 'K',
    label: 'Partitions K (upper bound)',
    stage: 'dsc',
    min: 2,
    max: 128,
    step: 1,
    default: 8,
    help: 'Channels of the embedding Z; the number of regions can only fall below it. 8 was best on BSDS500 val from EGB and SLIC superpixels; the paper uses 32.',
  },
  {
    kind: 'number',
    key: 'iters',
    label: 'Iterations',
    stage: 'dsc',
    min: 1,
    max: 1000,
    step: 1,
    default: 128,
    help: 'SGD steps of DSC.',
  },
  {
    kind: 'number',
    key: 'lr',
    label: 'Learning rate',
    stage: 'dsc',
    min: 0.0001,
    max: 1,
    step: 0.0001,
    default: 0.05,
    log: true,
    help: 'SGD step size.',
  },
  {
    kind: 'number',
    key: 'momentum',
    label: 'Momentum',
    stage: 'dsc',
    min: 0,
    max: 0.99,
    step: 0.01,
    default: 0.9,
    help: 'SGD momentum.',
  },
  {
    kind: 'number',
    key: 'sigma',
    label: 'σ (similarity bandwidth)',
    stage: 'dsc',
    min: 0.01,
    max: 1000,
    step: 0.01,
    default: 10,
    log: true,
    help: 'Eq. 7: W = exp(−‖F_j − F_l‖² / σ).',
  },
  {
    kind: 'number',
    key: 'r',
    label: 'r (neighbour radius, px; 0 = all)',
    stage: 'dsc',
    min: 0,
    max: 2000,
    step: 1,
    default: 0,
    help: 'Eq. 7: superpixels whose centres are farther apart than r are not linked.',
  },
  {
    kind: 'number',
    key: 'beta',
    label: 'β (weight of the cut term)',
    stage: 'dsc',
    min: 0,
    max: 100,
    step: 0.01,
    default: 1,
    help: 'Eq. 9: L = α·L_CE + β·L_cut.',
  },
  {
    kind: 'choice',
    key: 'norm',
    label: 'Embedding normalisation',
    stage: 'dsc',
    default: DSC_DEFAULTS.embeddingNorm,
    help: 'How Z is normalised before the argmax and the cut: standardised channels keep more regions (best on BSDS500 val); centring alone merges more (flat-colour images reach their few regions).',
    options: [
      { value: 'batch', label: 'Standardise each channel' },
      { value: 'scale', label: 'Centre, one common scale' },
      { value: 'center', label: 'Centre only' },
      { value: 'none', label: 'None' },
    ],
  },
  {
    kind: 'choice',
    key: 'split',
    label: 'Connected components',
    stage: 'dsc',
    default: 'on',
    help: 'Split each region into its 8-connected parts (one cluster can cover separate areas); better on BSDS500 val on all three measures.',
    options: [
      { value: 'on', label: 'Split into connected parts' },
      { value: 'off', label: 'Keep clusters whole' },
    ],
  },
  {
    kind: 'number',
    key: 'minRegion',
    label: 'Smallest region (% of the image)',
    stage: 'dsc',
    min: 0,
    max: 20,
    step: 0.5,
    default: MIN_REGION_PERCENT,
    help: 'Regions smaller than this join the neighbour they share the longest border with; 0 keeps every region. On BSDS500 it lowers VI and costs some PRI.',
  },
  {
    kind: 'number',
    key: 'seed',
    label: 'Seed',
    stage: 'dsc',
    min: 0,
    max: 2 ** 31 - 1,
    step: 1,
    default: 1,
    help: 'Seeds the head’s initialisation: the same seed gives the same run.',
  },
  {
    kind: 'number',
    key: 'merge',
    label: 'Merge height (0 = off)',
    stage: 'view',
    min: 0,
    max: 100,
    step: 0.5,
    default: 0,
    help: 'Merges adjacent regions of similar colour and texture, most similar first, up to this height (Lab units: boundary contrast, colour and texture histograms), once DSC is paused or done; no rerun, the result is re-cut. About 18 scored best after DSC on BSDS500 val.',
  },
  {
    kind: 'choice',
    key: 'overlay',
    label: 'Overlay',
    stage: 'view',
    default: 'labels',
    help: 'How regions are painted over the image.',
    options: OVERLAY_MODES.map((m) => ({
      value: m,
      label: m === 'labels' ? 'Label colours' : m === 'mean' ? 'Mean colour' : 'Boundaries only',
    })),
  },
  {
    kind: 'number',
    key: 'opacity',
    label: 'Overlay opacity',
    stage: 'view',
    min: 0,
    max: 1,
    step: 0.05,
    default: 0.6,
    help: 'How strongly the overlay covers the image.',
  },
] as const satisfies readonly Param[];

export type ParamKey = (typeof PARAMS)[number]['key'];
export type Settings = Record<ParamKey, number | string>;

export function defaultSettings(): Settings {
  return Object.fromEntries(PARAMS.map((p) => [p.key, p.default])) as Settings;
}

export function paramByKey(key: string): Param | undefined {
  return (PARAMS as readonly Param[]).find((p) => p.key === key);
}

/** Checks one value; returns the value to use or an error naming the parameter. */
export function validateParam(
  param: Param,
  raw: unknown,
): { value: number | string } | { error: string } {
  if (param.kind === 'choice') {
    const v = String(raw);
    return param.options.some((o) => o.value === v)
      ? { value: v }
      : {
          error: `${param.label}: "${v}" is not one of ${param.options.map((o) => o.value).join(', ')}`,
        };
  }
  const v = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(v) || v < param.min || v > param.max) {
    return { error: `${param.label}: ${String(raw)} is outside ${param.min}–${param.max}` };
  }
  if (param.step >= 1 && !Number.isInteger(v))
    return { error: `${param.label}: ${String(raw)} must be a whole number` };
  return { value: v };
}

/** Reads settings from a URL query; unknown keys are ignored, bad values fall back with a message. */
export function parseSettings(search: URLSearchParams): { settings: Settings; errors: string[] } {
  const settings = defaultSettings();
  const errors: string[] = [];
  for (const p of PARAMS) {
    const raw = search.get(p.key);
    if (raw === null) continue;
    const r = validateParam(p, raw);
    if ('error' in r) errors.push(r.error);
    else (settings as Record<string, number | string>)[p.key] = r.value;
  }
  return { settings, errors };
}

/** The URL query for settings: only values that differ from the defaults, plus the sample. */
export function settingsToSearch(settings: Settings, sampleId?: string): string {
  const q = new URLSearchParams();
  if (sampleId) q.set('sample', sampleId);
  for (const p of PARAMS) {
    const v = settings[p.key];
    if (v !== p.default) q.set(p.key, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The first stage that a change from `prev` to `next` makes stale, or null when nothing changed. */
export function firstStaleStage(prev: Settings, next: Settings): Stage | null {
  let first: number = STAGES.length;
  for (const p of PARAMS) {
    if (prev[p.key] !== next[p.key]) first = Math.min(first, STAGES.indexOf(p.stage));
  }
  return first < STAGES.length ? STAGES[first] : null;
}
