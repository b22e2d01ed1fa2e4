/** The matching-loss curve: every iteration's loss as a line (skipped iterations as red dots). */
export interface LossPoint {
  iteration: number;
  loss: number;
  skipped: boolean;
  /** Wall time of the iteration. */
  ms?: number;
}

export function drawLossChart(canvas: HTMLCanvasElement, points: readonly LossPoint[]): void {
  const ctx = canvas.getContext('2d')!;
  const { width, height } = canvas;
  const pad = { l: 44, r: 8, t: 10, b: 22 };
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = '#999';
  ctx.strokeRect(pad.l, pad.t, width - pad.l - pad.r, height - pad.t - pad.b);
  ctx.fillStyle = '#333';
  ctx.font = '11px sans-serif';
  if (points.length === 0) {
    ctx.fillText('matching loss appears here', pad.l + 8, pad.t + 16);
    return;
  }
  const finite = points.filter((p) => Number.isFinite(p.loss));
  const hi = Math.max(...finite.map((p) => p.loss), 1e-9);
  const lo = Math.min(0, ...finite.map((p) => p.loss));
  const last = Math.max(1, points[points.length - 1].iteration);
  const x = (i: number) => pad.l + ((width - pad.l - pad.r) * i) / last;
  const y = (v: number) => pad.t + (height - pad.t - pad.b) * (1 - (v - lo) / (hi - lo || 1));
  ctx.fillText(hi.toPrecision(3), 2, pad.t + 8);
  ctx.fillText(lo.toPrecision(3), 2, height - pad.b);
  ctx.fillText(`iteration ${last}`, width - pad.r - 70, height - 6);
  ctx.strokeStyle = '#2563eb';
  ctx.beginPath();
  finite.forEach((p, k) => (k === 0 ? ctx.moveTo(x(p.iteration), y(p.loss)) : ctx.lineTo(x(p.iteration), y(p.loss))));
  ctx.stroke();
  ctx.fillStyle = '#dc2626';
  for (const p of finite) if (p.skipped) ctx.fillRect(x(p.iteration) - 2, y(p.loss) - 2, 4, 4);
}
