import type { RgbaImage } from '../core/image/RgbaImage';
import { renderOverlay, type OverlayMode } from '../core/overlay/renderOverlay';
import { regionCount, shownPartition } from './coarsenPartition';
import { frameStore, useAppStore } from './store';

const toImageData = (img: RgbaImage) =>
  new ImageData(new Uint8ClampedArray(img.data), img.width, img.height);

/**
 * Paints the current view onto the two stacked canvases: the base image (original or
 * reconstruction) below, the superpixel boundaries or the partition above. Runs from store
 * subscriptions in requestAnimationFrame, coalescing bursts of updates into one paint.
 */
export function attachStagePainter(base: HTMLCanvasElement, overlay: HTMLCanvasElement): () => void {
  let lastBase: RgbaImage | null = null;
  let overlayBuffer: Uint8ClampedArray | undefined;
  let frame = 0;

  const paint = () => {
    frame = 0;
    const { image, reconstruction, superpixels, view, settings } = useAppStore.getState();
    if (!image) return;
    const baseImage = view === 'reconstruction' && reconstruction ? reconstruction : image;
    if (base.width !== image.width || base.height !== image.height) {
      base.width = overlay.width = image.width;
      base.height = overlay.height = image.height;
      lastBase = null;
    }
    if (baseImage !== lastBase) {
      base.getContext('2d')?.putImageData(toImageData(baseImage), 0, 0);
      lastBase = baseImage;
    }
    const octx = overlay.getContext('2d');
    if (!octx) return;
    const partition = shownPartition();
    const mergedRegions = partition && partition !== frameStore.getState().partition ? regionCount(partition) : null;
    if (useAppStore.getState().mergedRegions !== mergedRegions) useAppStore.setState({ mergedRegions });
    const map = view === 'superpixels' ? superpixels : view === 'partition' ? partition : null;
    if (!map || map.width !== image.width || map.height !== image.height) {
      octx.clearRect(0, 0, overlay.width, overlay.height);
      overlay.dataset.painted = 'none';
      return;
    }
    const out = renderOverlay(
      map,
      image,
      view === 'superpixels'
        ? { mode: 'boundaries', opacity: 1 }
        : { mode: settings.overlay as OverlayMode, opacity: Number(settings.opacity) },
      overlayBuffer,
    );
    overlayBuffer = out.data as Uint8ClampedArray;
    octx.putImageData(new ImageData(overlayBuffer as Uint8ClampedArray<ArrayBuffer>, image.width, image.height), 0, 0);
    overlay.dataset.painted = view;
    // The regions shown (after the merge height), for tests and for reading off the page.
    overlay.dataset.regions = String(regionCount(map));
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(paint);
  };
  paint();
  const unsubApp = useAppStore.subscribe((s, p) => {
    if (
      s.image !== p.image ||
      s.reconstruction !== p.reconstruction ||
      s.superpixels !== p.superpixels ||
      s.view !== p.view ||
      s.settings.overlay !== p.settings.overlay ||
      s.settings.opacity !== p.settings.opacity ||
      s.settings.merge !== p.settings.merge ||
      s.run.status !== p.run.status
    )
      schedule();
  });
  const unsubFrames = frameStore.subscribe((s, p) => {
    if (s.partition !== p.partition) schedule();
  });
  return () => {
    unsubApp();
    unsubFrames();
    cancelAnimationFrame(frame);
  };
}
