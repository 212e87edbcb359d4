import { useId } from 'react';
import { MAX_LONG_SIDE, MIN_LONG_SIDE } from '../../core/image/workingSize';
import { setLongSide } from '../imageActions';
import { useAppStore } from '../store';

/** Original and working size, and the working-resolution setting. */
export function ImageInfo() {
  const original = useAppStore((s) => s.originalSize);
  const image = useAppStore((s) => s.image);
  const longSide = useAppStore((s) => s.longSide);
  const source = useAppStore((s) => s.source);
  const id = useId();
  return (
    <section className="panel" aria-label="Image size">
      <dl className="facts">
        <dt>Source</dt>
        <dd data-testid="source-name">{source?.name ?? '—'}</dd>
        <dt>Original</dt>
        <dd data-testid="original-size">{original ? `${original.width}×${original.height}` : '—'}</dd>
        <dt>Working</dt>
        <dd data-testid="working-size">{image ? `${image.width}×${image.height}` : '—'}</dd>
      </dl>
      <label htmlFor={id}>Working resolution (long side, px)</label>
      <input
        id={id}
        data-testid="long-side"
        type="number"
        min={MIN_LONG_SIDE}
        max={MAX_LONG_SIDE}
        step={1}
        defaultValue={longSide}
        onChange={(e) => {
          const v = e.currentTarget.valueAsNumber;
          if (Number.isInteger(v) && v >= MIN_LONG_SIDE && v <= MAX_LONG_SIDE) void setLongSide(v);
        }}
      />
    </section>
  );
}
