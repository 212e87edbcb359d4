import { useEffect, useRef } from 'react';
import { useAppStore } from '../store';

/**
 * The image canvas with the overlay canvas stacked above it, both at working resolution.
 * Pixels are painted from a store subscription, outside React's render, so frames never
 * re-render components.
 */
export function Stage() {
  const imageRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const hasImage = useAppStore((s) => s.image !== null);
  const loading = useAppStore((s) => s.loading);

  useEffect(() => {
    const paint = () => {
      const { image } = useAppStore.getState();
      const canvas = imageRef.current;
      const overlay = overlayRef.current;
      if (!image || !canvas || !overlay) return;
      canvas.width = overlay.width = image.width;
      canvas.height = overlay.height = image.height;
      const ctx = canvas.getContext('2d');
      ctx?.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
      overlay.getContext('2d')?.clearRect(0, 0, overlay.width, overlay.height);
    };
    paint();
    return useAppStore.subscribe((s, prev) => {
      if (s.image !== prev.image) requestAnimationFrame(paint);
    });
  }, [hasImage]);

  return (
    <div className="stage" aria-busy={loading}>
      {hasImage ? (
        <div className="stage-stack">
          <canvas ref={imageRef} data-testid="image-canvas" aria-label="Image" role="img" />
          <canvas ref={overlayRef} data-testid="overlay-canvas" className="overlay" aria-hidden="true" />
        </div>
      ) : (
        <p className="stage-empty">{loading ? 'Loading image…' : 'Drop an image here or pick one.'}</p>
      )}
    </div>
  );
}
