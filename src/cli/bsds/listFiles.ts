/** Listing prediction folders for the BSDS500 benchmark. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const PNG_SETTING = /^(.*)_([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\.png$/i;

export function listDir(dir: string, what: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new Error(`${what} folder not found: ${dir}`);
  return readdirSync(dir).sort();
}

/** Image ids: numeric ids in numeric order, others after them by name. */
export function byId(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The label PNGs of a folder: `ID.png` (one setting, numbered 1) or `ID_<setting>.png` with a
 * numeric setting. Settings are the union over all images, ascending; an image without a file
 * for some setting gets null there.
 */
export function listLabelPngs(dir: string): {
  settings: number[];
  images: Map<string, (string | null)[]>;
} {
  const perId = new Map<string, Map<number | null, string>>();
  for (const f of listDir(dir, 'prediction').filter((name) =>
    name.toLowerCase().endsWith('.png'),
  )) {
    const m = PNG_SETTING.exec(f);
    const id = m ? m[1] : f.slice(0, -4);
    const setting = m ? Number(m[2]) : null;
    if (!perId.has(id)) perId.set(id, new Map());
    perId.get(id)!.set(setting, join(dir, f));
  }
  const all = new Set<number>();
  for (const m of perId.values()) for (const s of m.keys()) if (s !== null) all.add(s);
  const single = all.size === 0;
  const settings = single ? [1] : [...all].sort((a, b) => a - b);
  const images = new Map<string, (string | null)[]>();
  for (const id of [...perId.keys()].sort(byId)) {
    const m = perId.get(id)!;
    images.set(id, single ? [m.get(null)!] : settings.map((s) => m.get(s) ?? null));
  }
  return { settings, images };
}
