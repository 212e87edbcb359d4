import { reloadImage } from './imageActions';
import { runFrom } from './pipeline';
import { firstStaleStage, paramByKey, STAGES, validateParam, type Stage } from './settings';
import { useAppStore } from './store';
import { syncUrl } from './urlSync';

/** Settings changes within this many ms coalesce into one rerun (a slider dragged fast). */
const DEBOUNCE_MS = 200;
let timer: ReturnType<typeof setTimeout> | null = null;
let pendingStage: Stage | null = null;

/** Validates and applies one setting, then reruns the first stage it makes stale. */
export function updateSetting(key: string, raw: unknown): void {
  const param = paramByKey(key);
  if (!param) return;
  const r = validateParam(param, raw);
  if ('error' in r) {
    useAppStore.setState({ message: { kind: 'error', text: r.error } });
    return;
  }
  const prev = useAppStore.getState().settings;
  const next = { ...prev, [key]: r.value };
  const stage = firstStaleStage(prev, next);
  if (!stage) return;
  useAppStore.setState({ settings: next });
  syncUrl();
  if (stage === 'view') return; // painting follows the store
  pendingStage =
    pendingStage && STAGES.indexOf(pendingStage) < STAGES.indexOf(stage) ? pendingStage : stage;
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    const s = pendingStage;
    pendingStage = null;
    timer = null;
    if (s === 'image') void reloadImage();
    else if (s) runFrom(s);
  }, DEBOUNCE_MS);
}
