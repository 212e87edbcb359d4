import { useEffect } from 'react';
import { restart, step, togglePlay } from './pipeline';
import { useAppStore, type View } from './store';

const VIEW_KEYS: Record<string, View> = { '1': 'original', '2': 'reconstruction', '3': 'superpixels', '4': 'partition' };

/** Space play/pause, → step, R restart, 1–4 views, L large type, ? help; not while typing. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      if (e.key === ' ') togglePlay();
      else if (e.key === 'ArrowRight') step();
      else if (e.key === 'r' || e.key === 'R') restart();
      else if (e.key === 'l' || e.key === 'L') useAppStore.setState((s) => ({ largeType: !s.largeType }));
      else if (e.key === '?') useAppStore.setState((s) => ({ helpOpen: !s.helpOpen }));
      else if (VIEW_KEYS[e.key]) useAppStore.setState({ view: VIEW_KEYS[e.key] });
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
