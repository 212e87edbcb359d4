/**
 * The text files the official benchmark writes for a region evaluation (collect_eval_reg.m),
 * from a BenchmarkSummary, with C's `%10g` / `%10d` formatting, so results can be diffed
 * against the official ones file by file.
 */
import type { BenchmarkSummary } from './aggregate';

/** C's `%g` (6 significant digits, trailing zeros removed). */
export function formatG(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return '0';
  const [mantissa, expText] = x.toExponential(5).split('e');
  const exp = Number(expText);
  const trim = (s: string): string => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${trim(mantissa)}e${exp < 0 ? '-' : '+'}${e}`;
  }
  return trim(x.toFixed(5 - exp));
}

const g = (x: number): string => formatG(x).padStart(10);
const d = (x: number): string => String(x).padStart(10);
const row = (cells: string[]): string => `${cells.join(' ')}\n`;

/** File name -> contents, as the official benchmark writes them. */
export function officialEvalFiles(s: BenchmarkSummary): Record<string, string> {
  const t = s.thresholds;
  return {
    'eval_cover.txt': row([
      g(s.cover.odsThreshold),
      g(s.cover.ods),
      g(s.cover.ois),
      g(s.cover.best),
    ]),
    'eval_cover_th.txt': t.map((th, i) => row([g(th), g(s.cover.perThreshold[i])])).join(''),
    'eval_cover_img.txt': s.cover.perImage
      .map((im, i) => row([d(i + 1), g(im.threshold), g(im.covering), g(im.precision)]))
      .join(''),
    'eval_RI_VOI.txt': row([
      g(s.pri.odsThreshold),
      g(s.pri.ods),
      g(s.pri.ois),
      g(s.vi.odsThreshold),
      g(s.vi.ods),
      g(s.vi.ois),
    ]),
    'eval_RI_VOI_thr.txt': t
      .map((th, i) => row([g(th), g(s.pri.perThreshold[i]), g(s.vi.perThreshold[i])]))
      .join(''),
  };
}
