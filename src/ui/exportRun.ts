import { encodeGrayPng } from '../core/image/encodePng';
import { renderOverlay } from '../core/overlay/renderOverlay';
import { shownPartition } from './coarsenPartition';
import { frameStore, useAppStore } from './store';

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function baseName(): string {
  const src = useAppStore.getState().source;
  return (src?.sampleId ?? src?.name ?? 'image').replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_');
}

/** The map to export: the partition as shown (shownPartition) if DSC has run, else the superpixels. */
function currentLabels() {
  return shownPartition() ?? useAppStore.getState().superpixels;
}

/** Downloads the label map as a 16-bit grayscale PNG holding label + 1 (BSDS500 convention). */
export async function exportLabelPng(): Promise<void> {
  const map = currentLabels();
  if (!map) throw new Error('There is no label map to export yet.');
  const samples = new Uint16Array(map.labels.length);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.min(65535, map.labels[i] + 1);
  const png = await encodeGrayPng(map.width, map.height, samples, deflate);
  download(new Blob([png as BlobPart], { type: 'image/png' }), `${baseName()}.labels.png`);
}

/** Downloads the image with the current overlay composited on it. */
export async function exportOverlayPng(): Promise<void> {
  const { image, settings } = useAppStore.getState();
  const map = currentLabels();
  if (!image || !map) throw new Error('There is no overlay to export yet.');
  const canvas = new OffscreenCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot create a 2D canvas.');
  ctx.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  const overlay = renderOverlay(map, image, {
    mode: settings.overlay as 'labels' | 'mean' | 'boundaries',
    opacity: Number(settings.opacity),
  });
  const layer = new OffscreenCanvas(image.width, image.height);
  layer.getContext('2d')?.putImageData(new ImageData(overlay.data as Uint8ClampedArray<ArrayBuffer>, image.width, image.height), 0, 0);
  ctx.drawImage(layer, 0, 0);
  download(await canvas.convertToBlob({ type: 'image/png' }), `${baseName()}.overlay.png`);
}

/** Downloads the parameters and the per-iteration figures of the current run. */
export function exportRunJson(): void {
  const { settings, source, backend, originalSize, image, stages } = useAppStore.getState();
  const body = {
    source,
    originalSize,
    workingSize: image ? { width: image.width, height: image.height } : null,
    backend: backend?.name ?? null,
    parameters: settings,
    link: location.href,
    stageMs: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, v.ms ?? null])),
    iterations: frameStore.getState().history,
  };
  download(new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' }), `${baseName()}.json`);
}
