import { loadSample } from './imageActions';
import { useAppStore } from './store';
import { initBackend, type BackendName, FALLBACK_ORDER } from './tfBackend';

let started = false;

/** Starts the backend and loads the first image: the `sample` URL parameter or the first sample. */
export async function startApp(): Promise<void> {
  if (started) return; // React's strict mode mounts twice in development
  started = true;
  const params = new URLSearchParams(location.search);
  const asked = params.get('backend') as BackendName | null;
  const first = asked && FALLBACK_ORDER.includes(asked) ? asked : 'webgpu';
  const backendReady = initBackend(first)
    .then((backend) => useAppStore.setState({ backend }))
    .catch((e: Error) => useAppStore.setState({ backendError: e.message }));
  await Promise.all([backendReady, loadSample(params.get('sample') ?? '100007')]);
}
