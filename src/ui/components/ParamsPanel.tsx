import { PARAMS, type Param, type Stage } from '../settings';
import { ParamControl } from './ParamControl';

const GROUPS: readonly { title: string; stages: readonly Stage[] }[] = [
  { title: 'Superpixels', stages: ['superpixels'] },
  { title: 'Deep Superpixel Cut', stages: ['dsc'] },
  { title: 'Display', stages: ['view', 'image'] },
];

/** Every parameter, grouped by the stage it affects. */
export function ParamsPanel() {
  return (
    <>
      {GROUPS.map((g) => (
        <details key={g.title} className="panel params" open>
          <summary>
            <h2>{g.title}</h2>
          </summary>
          {(PARAMS as readonly Param[])
            .filter((p) => g.stages.includes(p.stage))
            .map((p) => (
              <ParamControl key={p.key} param={p} />
            ))}
        </details>
      ))}
    </>
  );
}
