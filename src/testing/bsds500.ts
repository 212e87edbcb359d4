import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Where BSDS500 lies for tests and CLIs: `$BSDS500_DIR`, else `../shared/bsds500` beside the
 * repository. Returns null when absent, so tests can skip with a message instead of failing.
 */
export function bsds500Dir(): string | null {
  const candidates = [
    process.env.BSDS500_DIR,
    resolve(import.meta.dirname, '../../../shared/bsds500'),
  ].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(resolve(p, 'README.md')) || existsSync(resolve(p, 'images'))) ?? null;
}

export const BSDS500_SKIP_MESSAGE =
  'BSDS500 not found: set BSDS500_DIR or place it at ../shared/bsds500 (test skipped)';
