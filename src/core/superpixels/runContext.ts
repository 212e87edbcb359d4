/** Cancellation and progress hooks shared by the superpixel algorithms. */
export interface RunContext {
  signal?: AbortSignal;
  /** Called with a fraction in [0, 1], at most a few dozen times per run. */
  onProgress?: (fraction: number) => void;
}

/** An Error named 'AbortError', as fetch and DOM APIs throw on abort. */
export function abortError(message = 'superpixel computation aborted'): Error {
  if (typeof DOMException === 'function') return new DOMException(message, 'AbortError');
  const e = new Error(message);
  e.name = 'AbortError';
  return e;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}

/** A progress callback for the sub-range [from, to] of an outer run. */
export function subProgress(
  onProgress: ((f: number) => void) | undefined,
  from: number,
  to: number,
): ((f: number) => void) | undefined {
  if (!onProgress) return undefined;
  return (f) => onProgress(from + (to - from) * Math.min(1, Math.max(0, f)));
}
