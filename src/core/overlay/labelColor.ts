/**
 * A distinct, stable colour for label `i`: hues step by the golden angle so that neighbouring
 * label numbers get far-apart colours, and a label keeps its colour from one iteration to the next.
 */
export function labelColor(i: number): [number, number, number] {
  const h = (i * 137.508) % 360;
  const s = 0.65 + 0.25 * ((i * 7) % 3) / 2;
  const v = 0.95 - 0.2 * ((i * 5) % 4) / 3;
  return hsvToRgb(h, s, v);
}

function hsvToRgb(h: number, s: number, v: number): [number, number, number] {
  const c = v * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = v - c;
  const [r, g, b] =
    h < 60 ? [c, x, 0] : h < 120 ? [x, c, 0] : h < 180 ? [0, c, x] : h < 240 ? [0, x, c] : h < 300 ? [x, 0, c] : [c, 0, x];
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}
