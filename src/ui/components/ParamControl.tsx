import { useId } from 'react';
import type { Param } from '../settings';
import { updateSetting } from '../settingsActions';
import { useAppStore } from '../store';

const toSlider = (p: { min: number; max: number; log?: boolean }, v: number) =>
  p.log ? (Math.log(v) - Math.log(p.min)) / (Math.log(p.max) - Math.log(p.min)) : (v - p.min) / (p.max - p.min);
const fromSlider = (p: { min: number; max: number; step: number; log?: boolean }, t: number) => {
  const v = p.log ? Math.exp(Math.log(p.min) + t * (Math.log(p.max) - Math.log(p.min))) : p.min + t * (p.max - p.min);
  const snapped = Math.round(v / p.step) * p.step;
  return Number(Math.min(p.max, Math.max(p.min, snapped)).toPrecision(6));
};

/** One parameter: its label, a slider or list, the exact value, and a reset to the default. */
export function ParamControl({ param }: { param: Param }) {
  const value = useAppStore((s) => s.settings[param.key as keyof typeof s.settings]);
  const id = useId();
  const isDefault = value === param.default;
  return (
    <div className="param" data-param={param.key}>
      <label htmlFor={id} title={param.help}>
        {param.label}
      </label>
      <div className="param-row">
        {param.kind === 'choice' ? (
          <select id={id} value={String(value)} onChange={(e) => updateSetting(param.key, e.currentTarget.value)}>
            {param.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : (
          <>
            <input
              id={id}
              type="range"
              min={0}
              max={1}
              step={0.001}
              value={toSlider(param, Number(value))}
              aria-valuetext={String(value)}
              onChange={(e) => updateSetting(param.key, fromSlider(param, e.currentTarget.valueAsNumber))}
            />
            <input
              type="number"
              aria-label={`${param.label} value`}
              className="param-number"
              min={param.min}
              max={param.max}
              step={param.step}
              value={Number(value)}
              onChange={(e) => {
                const v = e.currentTarget.valueAsNumber;
                if (Number.isFinite(v)) updateSetting(param.key, v);
              }}
            />
          </>
        )}
        <button
          type="button"
          className="reset"
          disabled={isDefault}
          aria-label={`Reset ${param.label} to ${param.default}`}
          title={`Reset to ${param.default}`}
          onClick={() => updateSetting(param.key, param.default)}
        >
          ↺
        </button>
      </div>
    </div>
  );
}
