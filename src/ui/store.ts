import { create } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { LabelMap } from '../core/image/LabelMap';
import type { RgbaImage } from '../core/image/RgbaImage';
import { defaultSettings, type Settings, type Stage } from './settings';
import type { IterationFigures } from '../workers/dscProtocol';
import type { BackendStatus } from '../workers/tfBackend';

export interface ImageSource {
  kind: 'sample' | 'file';
  name: string;
  /** Sample id, for links that reproduce a run. */
  sampleId?: string;
}

export interface Message {
  kind: 'error' | 'info';
  text: string;
}

export type View = 'original' | 'reconstruction' | 'superpixels' | 'partition';

export interface StageStatus {
  status: 'idle' | 'running' | 'done' | 'error' | 'skipped';
  /** How many times this stage has run since the page opened. */
  runs: number;
  /** Wall time of the last run, ms. */
  ms?: number;
  note?: string;
}

export type RunStatus = 'idle' | 'starting' | 'running' | 'paused' | 'done' | 'error';

export interface AppState {
  backend: BackendStatus | null;
  backendError: string | null;
  source: ImageSource | null;
  originalSize: { width: number; height: number } | null;
  /** The image at working resolution. */
  image: RgbaImage | null;
  loading: boolean;
  message: Message | null;
  settings: Settings;
  model: { status: 'loading' | 'ready' | 'error'; fraction: number; error?: string };
  reconstruction: RgbaImage | null;
  superpixels: LabelMap | null;
  stages: Record<Stage, StageStatus>;
  run: { status: RunStatus; iteration: number; total: number; regions: number; msPerIter: number };
  /** Regions shown after the merge height (set by the painter); null when it is 0 or there is no partition. */
  mergedRegions: number | null;
  view: View;
  largeType: boolean;
  helpOpen: boolean;
}

const idle = (): StageStatus => ({ status: 'idle', runs: 0 });

export const useAppStore = create<AppState>(() => ({
  backend: null,
  backendError: null,
  source: null,
  originalSize: null,
  image: null,
  loading: false,
  message: null,
  settings: defaultSettings(),
  model: { status: 'loading', fraction: 0 },
  reconstruction: null,
  superpixels: null,
  stages: { image: idle(), reconstruction: idle(), superpixels: idle(), dsc: idle(), view: idle() },
  run: { status: 'idle', iteration: 0, total: 0, regions: 0, msPerIter: 0 },
  mergedRegions: null,
  view: 'partition',
  largeType: false,
  helpOpen: false,
}));

export function setStage(stage: Stage, patch: Partial<StageStatus>): void {
  useAppStore.setState((s) => ({ stages: { ...s.stages, [stage]: { ...s.stages[stage], ...patch } } }));
}

/** One iteration's figures; the chart and the export count iterations from 1. */
export type { IterationFigures };

export interface FrameState {
  /** The latest partition (pixel-wise labels), painted outside React. */
  partition: LabelMap | null;
  history: IterationFigures[];
}

/**
 * Per-iteration frames live outside React: canvases subscribe and repaint in
 * requestAnimationFrame, so an iteration never re-renders a component tree.
 */
export const frameStore = createStore<FrameState>(() => ({ partition: null, history: [] }));
