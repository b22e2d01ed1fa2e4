/**
 * Progress reporting for long commands (training, experts, distillation):
 *   `train [#######-----------] 412/1000 41% 123 img/s ETA 4s loss=0.5124 acc=0.873`
 * On a terminal the line is redrawn in place (at most every `redrawMs`); in logs and CI (not a TTY)
 * a plain line is printed at most every `plainMs`, so logs stay readable, plus a final line.
 * It writes to stderr by default, leaving stdout to results and JSON.
 */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export type ProgressFields = Record<string, number | string>;

export interface ProgressOptions {
  label: string;
  /** Units of work in all; omit when unknown (then no bar, percentage or ETA). */
  total?: number;
  /** What is counted, for the rate ('it', 'img', 'epoch'). */
  unit?: string;
  stream?: ProgressStream;
  /** Milliseconds clock; injectable for tests. */
  now?: () => number;
  redrawMs?: number;
  plainMs?: number;
  barWidth?: number;
}

/** Seconds as 4s, 2m05s or 1h02m. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Four significant digits without trailing noise: 0.5124, 123.4, 1.235e+5. */
export function formatNumber(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  return Number(v.toPrecision(4)).toString();
}

function formatRate(perSecond: number, unit: string): string {
  if (perSecond >= 1 || perSecond === 0) return `${formatNumber(perSecond >= 100 ? Math.round(perSecond) : perSecond)} ${unit}/s`;
  return `${formatNumber(1 / perSecond)} s/${unit}`;
}

export class Progress {
  done = 0;
  private fields: ProgressFields = {};
  private readonly stream: ProgressStream;
  private readonly now: () => number;
  private readonly start: number;
  private lastDraw = -Infinity;
  private drawn = false;
  private finished = false;

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr;
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
  }

  private get tty(): boolean {
    return this.stream.isTTY === true;
  }

  /** Sets the amount done (absolute) and merges extra fields such as loss or accuracy. */
  update(done: number, fields: ProgressFields = {}): void {
    this.done = done;
    Object.assign(this.fields, fields);
    const t = this.now();
    const interval = this.tty ? (this.options.redrawMs ?? 100) : (this.options.plainMs ?? 5000);
    if (!this.drawn || t - this.lastDraw >= interval) this.draw(t);
  }

  tick(n = 1, fields: ProgressFields = {}): void {
    this.update(this.done + n, fields);
  }

  /** Prints a message without garbling the bar (on a TTY the bar is redrawn below it). */
  log(message: string): void {
    if (this.tty && this.drawn && !this.finished) this.stream.write(`\r\x1b[K${message}\n`);
    else this.stream.write(`${message}\n`);
    if (this.tty && this.drawn && !this.finished) this.draw(this.now());
  }

  /** Draws the final state once; later updates are ignored. */
  finish(fields: ProgressFields = {}): void {
    if (this.finished) return;
    Object.assign(this.fields, fields);
    this.draw(this.now());
    if (this.tty) this.stream.write('\n');
    this.finished = true;
  }

  /** The current line (no control characters). */
  line(t = this.now()): string {
    const { label, total, unit = 'it', barWidth = 20 } = this.options;
    const elapsed = Math.max(1e-9, (t - this.start) / 1000);
    const rate = this.done / elapsed;
    const parts = [label];
    if (total !== undefined && total > 0) {
      const frac = Math.min(1, Math.max(0, this.done / total));
      const filled = Math.round(frac * barWidth);
      parts.push(`[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`, `${this.done}/${total}`, `${Math.floor(frac * 100)}%`);
      parts.push(formatRate(rate, unit));
      parts.push(this.done >= total ? `in ${formatDuration(elapsed)}` : `ETA ${rate > 0 ? formatDuration((total - this.done) / rate) : '?'}`);
    } else {
      parts.push(`${this.done} ${unit}`, formatRate(rate, unit), `${formatDuration(elapsed)}`);
    }
    for (const [k, v] of Object.entries(this.fields)) parts.push(`${k}=${typeof v === 'number' ? formatNumber(v) : v}`);
    return parts.join(' ');
  }

  private draw(t: number): void {
    if (this.finished) return;
    this.lastDraw = t;
    this.drawn = true;
    const text = this.line(t);
    if (!this.tty) this.stream.write(`${text}\n`);
    else {
      const cols = this.stream.columns ?? 120;
      this.stream.write(`\r${text.length >= cols ? text.slice(0, cols - 1) : text}\x1b[K`);
    }
  }
}
