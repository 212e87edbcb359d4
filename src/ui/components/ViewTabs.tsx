import { EXPLANATIONS } from '../explanations';
import { useAppStore, type View } from '../store';

const VIEWS: readonly View[] = ['original', 'reconstruction', 'superpixels', 'partition'];

/** Which stage the canvas shows, with the classroom explanation of that stage. */
export function ViewTabs() {
  const view = useAppStore((s) => s.view);
  const stages = useAppStore((s) => s.stages);
  const stageOf: Record<View, keyof typeof stages> = {
    original: 'image',
    reconstruction: 'reconstruction',
    superpixels: 'superpixels',
    partition: 'dsc',
  };
  return (
    <div className="views">
      <div role="tablist" aria-label="View" className="tabs">
        {VIEWS.map((v, i) => {
          const st = stages[stageOf[v]];
          return (
            <button
              key={v}
              role="tab"
              type="button"
              aria-selected={view === v}
              data-testid={`view-${v}`}
              aria-keyshortcuts={String(i + 1)}
              onClick={() => useAppStore.setState({ view: v })}
            >
              {EXPLANATIONS[v].title}
              <span className={`dot ${st.status}`} title={st.note ?? st.status} aria-label={st.status} />
            </button>
          );
        })}
      </div>
      <p className="explain" data-testid="explanation">
        {EXPLANATIONS[view].text}
      </p>
    </div>
  );
}
