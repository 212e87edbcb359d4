import type { DscOptions } from '../core/dsc/DscOptions';
import type { LabelMap } from '../core/image/LabelMap';
import type { RgbaImage } from '../core/image/RgbaImage';
import type { SuperpixelAlgorithm } from '../core/superpixels/computeSuperpixels';
import { egbMinSizeForArea } from '../core/superpixels/egbMinSizeForArea';
import { DscClient, type RunHandle } from '../workers/dscClient';
import type { DscReply } from '../workers/dscProtocol';
import { SuperpixelsClient } from '../workers/superpixelsClient';
import { FALLBACK_ORDER, type BackendName } from '../workers/tfBackend';
import type { Settings, Stage } from './settings';
import { frameStore, setStage, useAppStore } from './store';

/**
 * The pipeline image -> reconstruction -> superpixels -> DSC, run outside React. A change reruns
 * only the stale stage and those after it; a newer run supersedes an older one at every await.
 */

const MODEL_URL = () => new URL(`${import.meta.env.BASE_URL}models/superae/model.json`, location.href).href;

let dsc: DscClient | null = null;
let superpixels: SuperpixelsClient | null = null;
let modelReady: Promise<boolean> = Promise.resolve(false);
let generation = 0;
let current: RunHandle | null = null;
/** Whether DSC iterates by itself; false after pause until play. */
let autoplay = true;
/**
 * Whether a new image starts the pipeline by itself (`?auto=0` turns this off, for a teacher who
 * wants to explain first, and for tests on slow software GPUs); Play turns it on.
 */
let autorun = true;

export function setAutorun(on: boolean): void {
  autorun = on;
}

/** A new image is on the canvas: run the pipeline on it, or wait for Play. */
export function imageChanged(): void {
  dirtyFrom = 0;
  if (autorun) {
    runFrom('reconstruction');
    return;
  }
  ++generation;
  cancelRun();
  frameStore.setState({ partition: null, history: [] });
  useAppStore.setState({ reconstruction: null, superpixels: null, run: { status: 'idle', iteration: 0, total: 0, regions: 0, msPerIter: 0 } });
}

function dscOptions(s: Settings): DscOptions {
  const r = Number(s.r);
  return {
    k: Number(s.K),
    iterations: Number(s.iters),
    learningRate: Number(s.lr),
    momentum: Number(s.momentum),
    sigma: Number(s.sigma),
    r: r > 0 ? r : Infinity,
    beta: Number(s.beta),
    embeddingNorm: String(s.norm) as DscOptions['embeddingNorm'],
    splitComponents: s.split === 'on',
    minRegionFraction: Number(s.minRegion) / 100,
    seed: Number(s.seed),
  };
}

function onStatus(reply: DscReply): void {
  if (reply.type === 'loading' && reply.what === 'model') {
    useAppStore.setState({ model: { status: 'loading', fraction: reply.fraction } });
  } else if (reply.type === 'ready') {
    useAppStore.setState({
      backend: { name: reply.backend, reasons: reply.reasons },
      model: reply.modelError
        ? { status: 'error', fraction: 0, error: reply.modelError }
        : { status: 'ready', fraction: 1 },
    });
    if (reply.modelError) {
      useAppStore.setState({
        message: {
          kind: 'error',
          text: `The SuperAE model could not be loaded (${reply.modelError}). Superpixels still work on the original image; DSC needs the model.`,
        },
      });
    }
  } else if (reply.type === 'device-lost') {
    void recoverFromDeviceLoss(reply.message);
  }
}

async function recoverFromDeviceLoss(message: string): Promise<void> {
  const now = useAppStore.getState().backend?.name ?? 'webgpu';
  const next: BackendName = FALLBACK_ORDER[Math.min(FALLBACK_ORDER.indexOf(now) + 1, FALLBACK_ORDER.length - 1)];
  useAppStore.setState({ message: { kind: 'error', text: `${message}. Restarting on the ${next} backend.` } });
  if (!dsc) return;
  modelReady = dsc.restart(next, MODEL_URL()).then((r) => r.modelError === null);
  await modelReady;
  runFrom('dsc');
}

/** Starts the workers and the backend; call once. */
export function startPipeline(first: BackendName): Promise<boolean> {
  dsc = new DscClient(
    () => new Worker(new URL('../workers/dsc.worker.ts', import.meta.url), { type: 'module' }),
    onStatus,
  );
  superpixels = new SuperpixelsClient();
  modelReady = dsc
    .init(first, MODEL_URL())
    .then((r) => r.modelError === null)
    .catch((e: Error) => {
      useAppStore.setState({ backendError: e.message, model: { status: 'error', fraction: 0, error: e.message } });
      return false;
    });
  // Debug hooks for the e2e suite and the curious: tensor count, request counters, device loss.
  Object.assign(globalThis, {
    __dsc: {
      memory: () => dsc?.memory(),
      predict: async (input: number[], shape: [number, number, number, number]) => {
        const r = await dsc!.predict(Float32Array.from(input), shape);
        return { reconstruction: Array.from(r.reconstruction), e3: Array.from(r.e3), e3Shape: r.e3Shape };
      },
      loseDevice: () => dsc?.loseDevice(),
      dscRunRequests: () => dsc?.runRequests ?? 0,
    },
  });
  return modelReady;
}

function cancelRun(): void {
  if (current && dsc) dsc.control(current.id, 'cancel');
  current = null;
}

/** Reruns the pipeline from `stage` (the image stage is rerun by the image loader). */
export function runFrom(stage: Stage): void {
  if (!autorun) return;
  const mine = ++generation;
  cancelRun();
  void runStages(stage, mine);
}

const ORDER: readonly Stage[] = ['reconstruction', 'superpixels', 'dsc'];
/**
 * Index in ORDER of the earliest stage whose output is missing or belongs to an older input: a
 * rerun never starts after it, so an interrupted run (a new image, then a quick β change) cannot
 * leave DSC with the superpixels of the previous image.
 */
let dirtyFrom = 0;

async function runStages(stage: Stage, mine: number): Promise<void> {
  if (stage === 'view') return;
  const stale = () => mine !== generation;
  const requested = stage === 'image' ? 0 : Math.max(0, ORDER.indexOf(stage));
  dirtyFrom = Math.min(dirtyFrom, requested);
  try {
    for (let i = dirtyFrom; i < ORDER.length; i++) {
      if (stale()) return;
      const s = ORDER[i];
      if (s === 'reconstruction') await reconstructionStage(stale);
      else if (s === 'superpixels') await superpixelStage(stale);
      else await dscStage(stale);
      if (stale()) return;
      if (s !== 'dsc') dirtyFrom = i + 1;
    }
  } catch (e) {
    if (stale()) return;
    // The stage that threw is still marked running: say it failed.
    for (const s of ORDER) {
      if (useAppStore.getState().stages[s].status === 'running') setStage(s, { status: 'error', note: (e as Error).message });
    }
    useAppStore.setState((st) => ({
      message: { kind: 'error', text: (e as Error).message },
      run: st.run.status === 'starting' || st.run.status === 'running' ? { ...st.run, status: 'error' } : st.run,
    }));
  }
}

async function reconstructionStage(stale: () => boolean): Promise<void> {
  const { image } = useAppStore.getState();
  if (!image || !dsc) return;
  setStage('reconstruction', { status: 'running' });
  const ok = await modelReady;
  if (stale()) return;
  if (!ok) {
    useAppStore.setState({ reconstruction: null });
    setStage('reconstruction', { status: 'skipped', note: 'no model' });
    return;
  }
  const t0 = performance.now();
  const r = await dsc.reconstruct(image);
  if (stale()) return;
  useAppStore.setState({ reconstruction: r.image });
  const prev = useAppStore.getState().stages.reconstruction;
  setStage('reconstruction', { status: 'done', runs: prev.runs + 1, ms: performance.now() - t0 });
}

async function superpixelStage(stale: () => boolean): Promise<void> {
  const { image, reconstruction, settings } = useAppStore.getState();
  if (!image || !superpixels) return;
  const source: RgbaImage = settings.on === 'reconstruction' && reconstruction ? reconstruction : image;
  setStage('superpixels', { status: 'running' });
  const t0 = performance.now();
  let map: LabelMap;
  try {
    map = await superpixels.compute({
      image: source,
      algorithm: settings.sp as SuperpixelAlgorithm,
      targetCount: Number(settings.count),
      // EGB's minimum segment size as chosen on BSDS500 val, for this image's area.
      ...(settings.sp === 'egb' && { params: { minSize: egbMinSizeForArea(source.width * source.height) } }),
      transfer: false, // the store keeps the image
    });
  } catch (e) {
    if (stale()) return;
    setStage('superpixels', { status: 'error', note: (e as Error).message });
    throw e;
  }
  if (stale()) return;
  const prev = useAppStore.getState().stages.superpixels;
  useAppStore.setState({ superpixels: map });
  setStage('superpixels', { status: 'done', runs: prev.runs + 1, ms: performance.now() - t0, note: undefined });
}

async function dscStage(stale: () => boolean): Promise<void> {
  const { image, superpixels: sp, settings } = useAppStore.getState();
  if (!image || !sp || !dsc) return;
  frameStore.setState({ partition: null, history: [] });
  const total = Number(settings.iters);
  useAppStore.setState({ run: { status: 'starting', iteration: 0, total, regions: 0, msPerIter: 0 } });
  if (!(await modelReady)) {
    setStage('dsc', { status: 'skipped', note: 'no model' });
    useAppStore.setState({ run: { status: 'error', iteration: 0, total: 0, regions: 0, msPerIter: 0 } });
    return;
  }
  if (stale()) return;
  setStage('dsc', { status: 'running' });
  const t0 = performance.now();
  const handle = dsc.run(image, sp, dscOptions(settings), {
    paused: !autoplay,
    onIteration: (r) => {
      if (stale()) return;
      const fig = { iteration: r.iteration + 1, ce: r.ce, cut: r.cut, total: r.total, regions: r.regions, ms: r.ms };
      const history = [...frameStore.getState().history, fig];
      frameStore.setState({
        partition: { width: r.labels.width, height: r.labels.height, labels: new Int32Array(r.labels.labels) },
        history,
      });
      const mean = history.reduce((a, f) => a + f.ms, 0) / history.length;
      useAppStore.setState((s) => ({
        run: {
          status: s.run.status === 'paused' ? 'paused' : 'running',
          iteration: fig.iteration,
          total,
          regions: r.regions,
          msPerIter: mean,
        },
      }));
    },
    // The worker says 'paused' only once it has stopped, after the iteration in flight when
    // pause was pressed has been reported, so the count shown under 'paused' no longer moves.
    // Play pressed in between (autoplay again) resumes at once.
    onPaused: () => {
      if (stale()) return;
      if (autoplay && current && dsc) dsc.control(current.id, 'resume');
      else useAppStore.setState((s) => ({ run: { ...s.run, status: 'paused' } }));
    },
  });
  current = handle;
  const end = await handle.finished;
  if (stale() || current !== handle) return;
  current = null;
  const prev = useAppStore.getState().stages.dsc;
  setStage('dsc', { status: end === 'done' ? 'done' : 'idle', runs: prev.runs + 1, ms: performance.now() - t0 });
  useAppStore.setState((s) => ({ run: { ...s.run, status: end === 'done' ? 'done' : 'idle' } }));
}

export function play(): void {
  autoplay = true;
  const { run, superpixels: sp } = useAppStore.getState();
  if (current && dsc && run.status === 'paused') {
    dsc.control(current.id, 'resume');
    useAppStore.setState((s) => ({ run: { ...s.run, status: 'running' } }));
  } else if (!current) {
    const first = !autorun && !sp;
    autorun = true;
    runFrom(first ? 'reconstruction' : 'dsc');
  }
}

export function pause(): void {
  autoplay = false;
  // The status turns 'paused' when the worker confirms (onPaused above).
  if (current && dsc) dsc.control(current.id, 'pause');
}

export function togglePlay(): void {
  const { status } = useAppStore.getState().run;
  if (status === 'running' || status === 'starting') pause();
  else play();
}

export function step(): void {
  if (current && dsc && useAppStore.getState().run.status === 'paused') dsc.control(current.id, 'step');
}

export function restart(): void {
  runFrom('dsc');
}
