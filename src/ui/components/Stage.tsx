import { useEffect, useRef } from 'react';
import { attachStagePainter } from '../paintStage';
import { useAppStore } from '../store';

/**
 * The image canvas with the overlay canvas stacked above it, both at working resolution.
 * Pixels are painted from store subscriptions, outside React's render.
 */
export function Stage() {
  const imageRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const hasImage = useAppStore((s) => s.image !== null);
  // Fill the stage's width, but keep the whole image within 70% of the window's height.
  const aspect = useAppStore((s) => (s.image ? s.image.width / s.image.height : 1));
  const loading = useAppStore((s) => s.loading);

  useEffect(() => {
    if (!imageRef.current || !overlayRef.current) return;
    return attachStagePainter(imageRef.current, overlayRef.current);
  }, [hasImage]);

  return (
    <div className="stage" aria-busy={loading}>
      {hasImage ? (
        <div className="stage-stack" style={{ width: `min(100%, ${(70 * aspect).toFixed(2)}vh)` }}>
          <canvas ref={imageRef} data-testid="image-canvas" aria-label="Image" role="img" />
          <canvas ref={overlayRef} data-testid="overlay-canvas" className="overlay" aria-hidden="true" />
        </div>
      ) : (
        <p className="stage-empty">{loading ? 'Loading image…' : 'Drop an image here or pick one.'}</p>
      )}
    </div>
  );
}
