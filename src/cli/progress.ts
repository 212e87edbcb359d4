/**
 * A one-line progress bar on stderr: done/total, rate, ETA. Redraws in place on a TTY and
 * prints at most one line per 5% otherwise, so logs stay readable.
 */
export class ProgressBar {
  private readonly start = performance.now();
  private done = 0;
  private lastPrinted = -1;

  constructor(
    private readonly total: number,
    private readonly label = '',
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  tick(n = 1, note = ''): void {
    this.done = Math.min(this.total, this.done + n);
    this.render(note);
  }

  private render(note: string): void {
    const elapsed = (performance.now() - this.start) / 1000;
    const rate = this.done / Math.max(elapsed, 1e-9);
    const eta = rate > 0 ? (this.total - this.done) / rate : Infinity;
    const frac = this.total > 0 ? this.done / this.total : 1;
    const width = 24;
    const filled = Math.round(frac * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    const line =
      `${this.label}[${bar}] ${this.done}/${this.total} ` +
      `${rate.toFixed(2)}/s ETA ${Number.isFinite(eta) ? formatSeconds(eta) : '?'}` +
      (note ? ` ${note}` : '');
    if (this.stream.isTTY) {
      this.stream.write(`\r${line}\x1b[K`);
      if (this.done === this.total) this.stream.write('\n');
    } else {
      const step = Math.floor(frac * 20);
      if (step !== this.lastPrinted || this.done === this.total) {
        this.lastPrinted = step;
        this.stream.write(`${line}\n`);
      }
    }
  }
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${Math.round(s - m * 60)
    .toString()
    .padStart(2, '0')}s`;
}
