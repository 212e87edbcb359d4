import { useEffect, useRef } from 'react';
import { frameStore, type IterationFigures } from '../store';

const SERIES = [
  { key: 'total', label: 'total', color: '#1d2330' },
  { key: 'ce', label: 'CE', color: '#2357d9' },
  { key: 'cut', label: 'cut', color: '#d9822b' },
  { key: 'regions', label: 'regions (right axis)', color: '#2a9d55' },
] as const;

function draw(canvas: HTMLCanvasElement, history: IterationFigures[]): void {
  const dpr = globalThis.devicePixelRatio || 1;
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.scale(dpr, dpr);
  ctx.clearRect(0, 0, w, h);
  const pad = { l: 34, r: 30, t: 6, b: 16 };
  const iw = w - pad.l - pad.r;
  const ih = h - pad.t - pad.b;
  ctx.strokeStyle = '#d9dde5';
  ctx.strokeRect(pad.l, pad.t, iw, ih);
  if (history.length === 0) return;
  const n = Math.max(history.length, 2);
  const lossMax = Math.max(1e-9, ...history.map((f) => Math.max(f.total, f.ce, f.cut)));
  const regMax = Math.max(1, ...history.map((f) => f.regions));
  const x = (i: number) => pad.l + (i / (n - 1)) * iw;
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillStyle = '#5b6475';
  ctx.fillText(lossMax.toPrecision(3), 2, pad.t + 8);
  ctx.fillText('0', 2, pad.t + ih);
  ctx.fillText(String(regMax), w - pad.r + 3, pad.t + 8);
  ctx.fillText(`${history.length} it`, pad.l + iw - 30, h - 3);
  for (const s of SERIES) {
    const max = s.key === 'regions' ? regMax : lossMax;
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    history.forEach((f, i) => {
      const y = pad.t + ih - (f[s.key] / max) * ih;
      if (i === 0) ctx.moveTo(x(i), y);
      else ctx.lineTo(x(i), y);
    });
    ctx.stroke();
  }
}

/** CE, cut and total loss and the number of regions per iteration, repainted outside React. */
export function LossChart() {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let pending = 0;
    const paint = () => {
      pending = 0;
      if (ref.current) draw(ref.current, frameStore.getState().history);
    };
    paint();
    const unsub = frameStore.subscribe((s, prev) => {
      if (s.history !== prev.history && !pending) pending = requestAnimationFrame(paint);
    });
    const ro = new ResizeObserver(paint);
    if (ref.current) ro.observe(ref.current);
    return () => {
      unsub();
      ro.disconnect();
      cancelAnimationFrame(pending);
    };
  }, []);
  return (
    <figure className="chart">
      <canvas ref={ref} data-testid="loss-chart" role="img" aria-label="Loss and number of regions per iteration" />
      <figcaption>
        {SERIES.map((s) => (
          <span key={s.key} className="legend">
            <i style={{ background: s.color }} /> {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
