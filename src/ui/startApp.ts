import { loadSample } from './imageActions';
import { setAutorun, startPipeline } from './pipeline';
import { parseSettings } from './settings';
import { useAppStore } from './store';
import { FALLBACK_ORDER, type BackendName } from '../workers/tfBackend';

let started = false;

/**
 * Reads the settings from the URL, starts the workers (backend and model load in the DSC worker)
 * and loads the first image: the `sample` URL parameter or the first sample.
 */
export async function startApp(): Promise<void> {
  if (started) return; // React's strict mode mounts twice in development
  started = true;
  const params = new URLSearchParams(location.search);
  const { settings, errors } = parseSettings(params);
  useAppStore.setState({ settings });
  if (errors.length) useAppStore.setState({ message: { kind: 'error', text: `Link parameters ignored: ${errors.join('; ')}` } });
  const asked = params.get('backend') as BackendName | null;
  const first = asked && FALLBACK_ORDER.includes(asked) ? asked : 'webgpu';
  setAutorun(params.get('auto') !== '0');
  const ready = startPipeline(first);
  await Promise.all([ready, loadSample(params.get('sample') ?? '100007')]);
}
