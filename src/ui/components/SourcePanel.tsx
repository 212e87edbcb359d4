import { useEffect, useId, useState } from 'react';
import { loadFiles, loadSample } from '../imageActions';
import { fetchSamples, type Sample } from '../samples';
import { useAppStore } from '../store';
import { ImageInfo } from './ImageInfo';

/** Where the image comes from: a file picker and the bundled samples. */
export function SourcePanel() {
  const [samples, setSamples] = useState<Sample[]>([]);
  const source = useAppStore((s) => s.source);
  const fileId = useId();
  const sampleId = useId();

  useEffect(() => {
    fetchSamples()
      .then(setSamples)
      .catch((e: Error) =>
        useAppStore.setState({ message: { kind: 'error', text: `Samples unavailable: ${e.message}` } }),
      );
  }, []);

  return (
    <section className="panel" aria-labelledby={`${fileId}-h`}>
      <h2 id={`${fileId}-h`}>Image</h2>
      <label htmlFor={fileId} className="button">
        Open image…
      </label>
      <input
        id={fileId}
        data-testid="file-input"
        className="visually-hidden"
        type="file"
        accept="image/*"
        multiple
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          void loadFiles(files);
        }}
      />
      <label htmlFor={sampleId}>Sample (BSDS500)</label>
      <select
        id={sampleId}
        data-testid="sample-select"
        value={source?.kind === 'sample' ? source.sampleId : ''}
        onChange={(e) => void loadSample(e.currentTarget.value)}
      >
        <option value="" disabled>
          {source?.kind === 'file' ? `File: ${source.name}` : 'Choose a sample'}
        </option>
        {samples.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({s.id})
          </option>
        ))}
      </select>
      <p className="hint">Or drop an image anywhere on the page.</p>
      <ImageInfo />
    </section>
  );
}
