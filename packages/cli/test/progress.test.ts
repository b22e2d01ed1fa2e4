import { describe, expect, it } from 'vitest';
import { Progress, formatDuration, formatNumber } from '../src/progress.js';

/** A stream that records writes, and a clock the test moves by hand. */
function harness(isTTY: boolean) {
  const writes: string[] = [];
  const clock = { t: 0 };
  const stream = { isTTY, columns: 200, write: (s: string) => writes.push(s) };
  return { writes, clock, stream, now: () => clock.t };
}

describe('Progress', () => {
  it('shows done/total, percentage, rate, ETA and extra fields', () => {
    const h = harness(false);
    const p = new Progress({ label: 'train', total: 1000, unit: 'img', stream: h.stream, now: h.now });
    h.clock.t = 4000;
    p.update(400, { loss: 0.51237, acc: 0.873 });
    // 400 img in 4 s = 100 img/s; 600 left -> 6 s.
    expect(p.line()).toBe('train [########------------] 400/1000 40% 100 img/s ETA 6s loss=0.5124 acc=0.873');
    h.clock.t = 10_000;
    p.update(1000);
    expect(p.line()).toBe('train [####################] 1000/1000 100% 100 img/s in 10s loss=0.5124 acc=0.873');
  });

  it('without a total shows the count, rate and elapsed time', () => {
    const h = harness(false);
    const p = new Progress({ label: 'score', unit: 'it', stream: h.stream, now: h.now });
    h.clock.t = 2000;
    p.update(1);
    expect(p.line()).toBe('score 1 it 2 s/it 2s');
  });

  it('not a TTY: plain lines at most every plainMs, plus the final line', () => {
    const h = harness(false);
    const p = new Progress({ label: 'x', total: 100, stream: h.stream, now: h.now, plainMs: 1000 });
    for (let i = 1; i <= 100; i++) {
      h.clock.t = i * 100; // 10 s in all
      p.tick();
    }
    p.finish({ acc: 0.5 });
    // First update, then one line per second (at t = 1.1 s, 2.1 s, ... 9.1 s), then the final line.
    expect(h.writes.length).toBe(11);
    expect(h.writes.every((w) => w.endsWith('\n') && !w.includes('\r') && !w.includes('\x1b'))).toBe(true);
    expect(h.writes.at(-1)).toBe('x [####################] 100/100 100% 10 it/s in 10s acc=0.5\n');
  });

  it('TTY: redraws in place with carriage return and clear-to-end, newline at the end', () => {
    const h = harness(true);
    const p = new Progress({ label: 'y', total: 10, stream: h.stream, now: h.now, redrawMs: 100 });
    h.clock.t = 50;
    p.tick();
    h.clock.t = 60;
    p.tick(); // within redrawMs: not drawn
    h.clock.t = 200;
    p.tick();
    p.log('evaluation: 81.2%');
    p.finish();
    p.tick(); // ignored after finish
    expect(h.writes[0]).toMatch(/^\ry \[##------------------\] 1\/10 10% .*\x1b\[K$/);
    expect(h.writes[1]).toMatch(/^\ry .* 3\/10 30% /);
    expect(h.writes[2]).toBe('\r\x1b[Kevaluation: 81.2%\n');
    expect(h.writes[3]).toMatch(/^\ry .* 3\/10 /);
    expect(h.writes.at(-1)).toBe('\n');
    expect(h.writes.length).toBe(6);
  });

  it('TTY: truncates to the terminal width', () => {
    const h = harness(true);
    h.stream.columns = 20;
    const p = new Progress({ label: 'a-long-label', total: 10, stream: h.stream, now: h.now });
    p.update(5, { loss: 1.25 });
    expect(h.writes[0]).toBe(`\r${p.line().slice(0, 19)}\x1b[K`);
  });
});

describe('formatting', () => {
  it('durations', () => {
    expect(formatDuration(4.4)).toBe('4s');
    expect(formatDuration(125)).toBe('2m05s');
    expect(formatDuration(3720)).toBe('1h02m');
    expect(formatDuration(Infinity)).toBe('?');
  });
  it('numbers to four significant digits', () => {
    expect(formatNumber(0.512345)).toBe('0.5123');
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(123456.7)).toBe('123500');
    expect(formatNumber(1.5e-7)).toBe('1.5e-7');
  });
});
