import { pause, play, restart, step } from '../pipeline';
import { useAppStore } from '../store';

/** Play, pause, step and restart the DSC loop, with its progress. */
export function RunControls() {
  const run = useAppStore((s) => s.run);
  const backend = useAppStore((s) => s.backend?.name);
  const mergedRegions = useAppStore((s) => s.mergedRegions);
  const running = run.status === 'running' || run.status === 'starting';
  const canStep = run.status === 'paused';
  return (
    <section className="panel run-controls" aria-label="Run">
      <div className="button-row">
        {running ? (
          <button type="button" className="button" data-testid="pause" onClick={pause} aria-keyshortcuts="Space">
            ❚❚ Pause
          </button>
        ) : (
          <button
            type="button"
            className="button"
            data-testid="play"
            onClick={play}
            aria-keyshortcuts="Space"
            disabled={run.status === 'error' && !run.total}
          >
            ▶ {run.status === 'done' ? 'Run again' : 'Play'}
          </button>
        )}
        <button type="button" data-testid="step" onClick={step} disabled={!canStep} aria-keyshortcuts="ArrowRight">
          Step ›
        </button>
        <button type="button" data-testid="restart" onClick={restart} aria-keyshortcuts="R">
          ↻ Restart
        </button>
      </div>
      <dl className="facts">
        <dt>Iteration</dt>
        <dd data-testid="iteration" data-iteration={run.iteration}>
          {run.iteration} / {run.total || '—'}
        </dd>
        <dt>Regions</dt>
        <dd data-testid="regions">{run.regions || '—'}</dd>
        {mergedRegions !== null && (
          <>
            <dt>After merging</dt>
            <dd data-testid="merged-regions">{mergedRegions}</dd>
          </>
        )}
        <dt>ms / iteration</dt>
        <dd data-testid="ms-per-iter">{run.msPerIter ? run.msPerIter.toFixed(1) : '—'}</dd>
        <dt>Backend</dt>
        <dd>{backend ?? '—'}</dd>
        <dt>Status</dt>
        <dd data-testid="run-status">{run.status}</dd>
      </dl>
      <progress max={run.total || 1} value={run.iteration} aria-label="DSC progress" />
    </section>
  );
}
