import { settingsToSearch } from './settings';
import { useAppStore } from './store';

/** Keeps the URL in step with the settings and the sample, so a link reproduces a run. */
export function syncUrl(): void {
  const { settings, source } = useAppStore.getState();
  const search = settingsToSearch(settings, source?.kind === 'sample' ? source.sampleId : undefined);
  const params = new URLSearchParams(location.search);
  // Keep the backend override, which is not a setting of the run.
  const backend = params.get('backend');
  const extra = backend ? `${search ? '&' : '?'}backend=${encodeURIComponent(backend)}` : '';
  history.replaceState(null, '', `${location.pathname}${search}${extra}${location.hash}`);
}
