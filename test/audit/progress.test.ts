// Progress of long runs: one line redrawn in place on a terminal, a plain line every
// N events otherwise; with the rate and, when the total is known, the ETA.
import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, progressLine } from '../../shared/audit';

function recorder(tty: boolean, extra: { total?: number; every?: number } = {}) {
  const writes: string[] = [];
  let t = 0;
  const progress = createProgress({ label: 'verify', write: (s) => writes.push(s), tty, now: () => t, ...extra });
  return { writes, progress, advance: (ms: number) => (t += ms) };
}

describe('progress', () => {
  it('reports events done, rate, percentage and ETA', () => {
    expect(progressLine('verify', 30_000, 10_000, 0.25)).toBe('verify: 30,000 events, 3,000/s, 25%, ETA 0:30');
    expect(progressLine('export', 500, 1_000, undefined)).toBe('export: 500 events, 500/s');
    expect(formatDuration(3_725)).toBe('1:02:05');
  });

  it('on a terminal, redraws one line in place, at most every 200 ms, and clears it at the end', () => {
    const { writes, progress, advance } = recorder(true, { total: 4_000 });
    advance(1_000);
    progress.update(1_000);
    advance(50);
    progress.update(1_100); // too soon: not drawn
    advance(950);
    progress.update(2_000);
    progress.finish();
    expect(writes).toEqual([
      '\r\x1b[2Kverify: 1,000 events, 1,000/s, 25%, ETA 0:03',
      '\r\x1b[2Kverify: 2,000 events, 1,000/s, 50%, ETA 0:02',
      '\r\x1b[2K',
    ]);
    expect(writes.join('')).not.toContain('\n');
  });

  it('without a terminal, writes a whole line only every N events', () => {
    const { writes, progress, advance } = recorder(false, { every: 10_000 });
    for (let done = 1_000; done <= 25_000; done += 1_000) {
      advance(100);
      progress.update(done);
    }
    progress.finish();
    expect(writes).toEqual(['verify: 10,000 events, 10,000/s\n', 'verify: 20,000 events, 10,000/s\n']);
  });
});
