import type { Stage } from '../settings';
import { useAppStore } from '../store';

const SHOWN: readonly { stage: Stage; label: string }[] = [
  { stage: 'reconstruction', label: 'SuperAE' },
  { stage: 'superpixels', label: 'Superpixels' },
  { stage: 'dsc', label: 'DSC' },
];

/** Each stage's state, run count and time; the model's loading progress. */
export function PipelineStatus() {
  const stages = useAppStore((s) => s.stages);
  const model = useAppStore((s) => s.model);
  const count = useAppStore((s) => (s.superpixels ? countOf(s.superpixels.labels) : 0));
  return (
    <section className="panel" aria-label="Pipeline">
      <p className="model-status" data-testid="model-status" data-status={model.status}>
        {model.status === 'loading' ? (
          <>
            Loading SuperAE… <progress max={1} value={model.fraction} aria-label="Model loading" />
          </>
        ) : model.status === 'ready' ? (
          'SuperAE loaded'
        ) : (
          `SuperAE unavailable: ${model.error ?? 'unknown error'}`
        )}
      </p>
      <ul className="stages">
        {SHOWN.map(({ stage, label }) => {
          const st = stages[stage];
          return (
            <li key={stage} data-testid={`stage-${stage}`} data-status={st.status} data-runs={st.runs}>
              <span className={`dot ${st.status}`} aria-hidden="true" /> {label}: {st.status}
              {st.ms !== undefined && st.status === 'done' ? ` (${Math.round(st.ms)} ms)` : ''}
              {stage === 'superpixels' && count ? ` · ${count} superpixels` : ''}
              {st.note && st.status !== 'done' ? ` — ${st.note}` : ''}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function countOf(labels: Int32Array): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++) if (labels[i] > max) max = labels[i];
  return max + 1;
}
