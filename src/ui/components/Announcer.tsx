import { useEffect, useState } from 'react';
import { useAppStore } from '../store';

/**
 * A polite live region for screen readers: run state changes and every 8th iteration (every
 * iteration would flood the reader), plus the end of the run.
 */
export function Announcer() {
  const [text, setText] = useState('');
  useEffect(
    () =>
      useAppStore.subscribe((s, p) => {
        const r = s.run;
        if (r.status !== p.run.status) {
          if (r.status === 'done') setText(`DSC finished: ${r.iteration} iterations, ${r.regions} regions.`);
          else if (r.status === 'paused') setText(`Paused at iteration ${r.iteration}.`);
          else if (r.status === 'running' && p.run.status === 'paused') setText('Running.');
        } else if (r.iteration !== p.run.iteration && r.iteration % 8 === 0) {
          setText(`Iteration ${r.iteration} of ${r.total}: ${r.regions} regions.`);
        }
        if (s.stages.superpixels.runs !== p.stages.superpixels.runs && s.superpixels) {
          setText('Superpixels ready.');
        }
      }),
    [],
  );
  return (
    <div className="visually-hidden" aria-live="polite" data-testid="announcer">
      {text}
    </div>
  );
}
