import { settingsToSearch } from './settings';
import { useAppStore } from './store';

/** Keeps the URL in step with the settings and the sample, so a link reproduces a run. */
export function syncUrl(): void {
  const { settings, source } = useAppStore.getState();
  const search = settingsToSearch(settings, source?.kind === 'sample' ? source.sampleId : undefined);
  const params = new URLSearchParams(location.search);
  // Keep the backend override and the autorun switch, which are not settings of the run.
  const kept = new URLSearchParams();
  for (const k of ['backend', 'auto']) {
    const v = params.get(k);
    if (v !== null) kept.set(k, v);
  }
  const extra = kept.size ? `${search ? '&' : '?'}${kept.toString()}` : '';
  history.replaceState(null, '', `${location.pathname}${search}${extra}${location.hash}`);
}
