import { useAppStore } from '../store';

/** Source, original and working size. */
export function ImageInfo() {
  const original = useAppStore((s) => s.originalSize);
  const image = useAppStore((s) => s.image);
  const source = useAppStore((s) => s.source);
  return (
    <dl className="facts" aria-label="Image size">
      <dt>Source</dt>
      <dd data-testid="source-name">{source?.name ?? '—'}</dd>
      <dt>Original</dt>
      <dd data-testid="original-size">{original ? `${original.width}×${original.height}` : '—'}</dd>
      <dt>Working</dt>
      <dd data-testid="working-size">{image ? `${image.width}×${image.height}` : '—'}</dd>
    </dl>
  );
}
