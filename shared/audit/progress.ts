// Progress of long verifications and exports: events done, rate, ETA. On a terminal
// one line is redrawn in place (a few times a second at most); elsewhere (a log
// file, CI) a plain line is written every `every` events, so logs stay readable.
export interface ProgressOptions {
  label: string;
  write: (text: string) => void;
  tty: boolean;
  /** Events expected in all, when known (gives the percentage and the ETA). */
  total?: number;
  /** Without a terminal: one line per this many events (default 100,000). */
  every?: number;
  now?: () => number;
  /** On a terminal: the least time between two redraws (default 200 ms). */
  redrawMs?: number;
}

export interface Progress {
  /** `fraction` (0..1) overrides done/total, e.g. bytes read of a file. */
  update(done: number, fraction?: number): void;
  /** Clears the terminal line, so a summary can follow. */
  finish(): void;
}

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const [h, m, r] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(r)}` : `${m}:${pad(r)}`;
}

export function progressLine(label: string, done: number, elapsedMs: number, fraction: number | undefined): string {
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? done / seconds : 0;
  let line = `${label}: ${count.format(done)} events, ${count.format(rate)}/s`;
  if (fraction !== undefined && fraction > 0) {
    const f = Math.min(1, fraction);
    line += `, ${Math.floor(f * 100)}%, ETA ${formatDuration((seconds * (1 - f)) / f)}`;
  }
  return line;
}

export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const started = now();
  const every = options.every ?? 100_000;
  const redrawMs = options.redrawMs ?? 200;
  let nextMark = every;
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    update(done, fraction) {
      const f = fraction ?? (options.total ? done / options.total : undefined);
      const t = now();
      if (options.tty) {
        if (t - lastDraw < redrawMs) return;
        lastDraw = t;
        drawn = true;
        options.write(`\r\x1b[2K${progressLine(options.label, done, t - started, f)}`);
      } else if (done >= nextMark) {
        nextMark = (Math.floor(done / every) + 1) * every;
        options.write(`${progressLine(options.label, done, t - started, f)}\n`);
      }
    },
    finish() {
      if (options.tty && drawn) options.write('\r\x1b[2K');
    },
  };
}
