import { decodeImageFile, ImageInputError, pickImageFile } from './decodeImageFile';
import { fetchSamples, sampleUrl } from './samples';
import { imageChanged } from './pipeline';
import { useAppStore, type ImageSource } from './store';
import { syncUrl } from './urlSync';

/** The encoded bytes of the current image, kept so a new working resolution can re-decode it. */
let currentBlob: Blob | null = null;
/** Increases with each load; a slower, older load must not overwrite a newer one. */
let generation = 0;

async function load(blob: Blob, source: ImageSource, note = ''): Promise<void> {
  const mine = ++generation;
  const longSide = Number(useAppStore.getState().settings.size);
  useAppStore.setState({ loading: true });
  try {
    const decoded = await decodeImageFile(blob, source.name, longSide);
    if (mine !== generation) return;
    currentBlob = blob;
    useAppStore.setState({
      source,
      image: decoded.image,
      originalSize: { width: decoded.originalWidth, height: decoded.originalHeight },
      message: note ? { kind: 'info', text: note } : null,
    });
    syncUrl();
    imageChanged();
  } catch (e) {
    if (mine !== generation) return;
    // The previous image stays: only the message changes.
    const text =
      e instanceof ImageInputError ? e.message : `Could not open "${source.name}": ${(e as Error).message}`;
    useAppStore.setState({ message: { kind: 'error', text } });
  } finally {
    if (mine === generation) useAppStore.setState({ loading: false });
  }
}

/** Loads the first image among dropped or picked files. */
export async function loadFiles(files: readonly File[]): Promise<void> {
  if (files.length === 0) return;
  const { file, ignored } = await pickImageFile(files);
  if (!file) return;
  const note = ignored.length
    ? `Took "${file.name}"; ignored ${ignored.length} other file${ignored.length > 1 ? 's' : ''}: ${ignored.join(', ')}.`
    : '';
  await load(file, { kind: 'file', name: file.name }, note);
}

export async function loadSample(id: string): Promise<void> {
  const samples = await fetchSamples();
  const sample = samples.find((s) => s.id === id);
  if (!sample) {
    useAppStore.setState({ message: { kind: 'error', text: `There is no sample "${id}".` } });
    return;
  }
  const res = await fetch(sampleUrl(sample));
  if (!res.ok) {
    useAppStore.setState({
      message: { kind: 'error', text: `Sample "${sample.name}" could not be fetched (HTTP ${res.status}).` },
    });
    return;
  }
  await load(await res.blob(), { kind: 'sample', name: sample.name, sampleId: sample.id });
}

/** Re-decodes the current image, after the working resolution changed. */
export async function reloadImage(): Promise<void> {
  const { source } = useAppStore.getState();
  if (currentBlob && source) await load(currentBlob, source);
}
