/**
 * Validation of algorithm options. Options arrive from the UI, URLs and worker messages, so
 * every field is checked and copied; an invalid one raises an error that names it.
 */

export interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
  /** Exclusive lower bound instead of inclusive. */
  minExclusive?: boolean;
}

export function readNumber(
  algorithm: string,
  options: object,
  field: string,
  fallback: number,
  rule: NumberRule,
): number {
  const raw = (options as Record<string, unknown>)[field];
  if (raw === undefined) return fallback;
  const v = raw;
  const where = `${algorithm}: option '${field}'`;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new RangeError(`${where} must be a finite number, got ${String(raw)}`);
  }
  if (rule.integer && !Number.isInteger(v)) throw new RangeError(`${where} must be an integer, got ${v}`);
  const lowOk = rule.minExclusive ? v > rule.min : v >= rule.min;
  if (!lowOk || v > rule.max) {
    const lo = rule.minExclusive ? `> ${rule.min}` : `>= ${rule.min}`;
    throw new RangeError(`${where} must be ${lo} and <= ${rule.max}, got ${v}`);
  }
  return v;
}

export function readBoolean(algorithm: string, options: object, field: string, fallback: boolean): boolean {
  const v = (options as Record<string, unknown>)[field];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') {
    throw new TypeError(`${algorithm}: option '${field}' must be true or false, got ${String(v)}`);
  }
  return v;
}

export function readChoice<T extends string>(
  algorithm: string,
  options: object,
  field: string,
  fallback: T,
  choices: readonly T[],
): T {
  const v = (options as Record<string, unknown>)[field];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new RangeError(`${algorithm}: option '${field}' must be one of ${choices.join(', ')}, got ${String(v)}`);
  }
  return v as T;
}

/** Rejects option names the algorithm does not know (a typo would otherwise be ignored). */
export function rejectUnknown(algorithm: string, options: object, known: readonly string[]): void {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${algorithm}: options must be an object`);
  }
  for (const key of Object.keys(options)) {
    if ((options as Record<string, unknown>)[key] !== undefined && !known.includes(key)) {
      throw new RangeError(`${algorithm}: unknown option '${key}' (known: ${known.join(', ')})`);
    }
  }
}
