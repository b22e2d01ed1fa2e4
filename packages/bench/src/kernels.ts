// Kernel microbenchmarks: matmul (1024^2 and the GEMM shapes of the ConvNet layers) and the conv2d
// trio at ConvNet-3 layer shapes (PAD/MTT's ConvNet: 3x3 convs, padding 1, at 32x32, 16x16, 8x8),
// timed through the backend primitives so only the kernels (and their layout passes) are measured.
import { type Conv2dParams, type MatmulParams, type Storage, type WebGpuBackend, webgpuBackend } from '@pad-gpu/core';
import { type SuiteContext, type SuiteResult, registerSuite } from './registry.js';
import type { Column } from './util/table.js';
import { timeCalls } from './util/timing.js';

type Group = 'matmul' | 'conv2d' | 'conv2d-input-grad' | 'conv2d-weight-grad';

interface KernelCase {
  readonly group: Group;
  readonly name: string;
  readonly shape: string;
  readonly flops: number;
  /** Allocates inputs; returns the call to time (it enqueues one kernel call) and the cleanup. */
  setup(be: WebGpuBackend): { call(): void; dispose(): void };
}

/** Uniform [-1, 1) values from a small xorshift generator (fast for tens of millions of floats). */
function randomStorage(be: WebGpuBackend, size: number, seed: number): Storage {
  const data = new Float32Array(size);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    data[i] = (s >>> 0) / 2147483648 - 1;
  }
  return be.fromData(data, 'f32');
}

function matmulCase(name: string, m: number, n: number, k: number, transB: boolean, transA = false): KernelCase {
  const p: MatmulParams = { batch: 1, m, n, k, transA, transB, strideA: 0, strideB: 0 };
  return {
    group: 'matmul',
    name,
    shape: `${transA ? `(${k}x${m})ᵀ` : `${m}x${k}`} · ${transB ? `(${n}x${k})ᵀ` : `${k}x${n}`}`,
    flops: 2 * m * n * k,
    setup(be) {
      const a = randomStorage(be, m * k, 1);
      const b = randomStorage(be, k * n, 2);
      return { call: () => be.matmul(a, b, p).release(), dispose: () => (a.release(), b.release()) };
    },
  };
}

function convParams(n: number, cIn: number, cOut: number, size: number): Conv2dParams {
  return { n, cIn, h: size, w: size, cOut, kh: 3, kw: 3, strideH: 1, strideW: 1, padH: 1, padW: 1, outH: size, outW: size };
}

function convCase(group: Exclude<Group, 'matmul'>, name: string, p: Conv2dParams): KernelCase {
  const xSize = p.n * p.cIn * p.h * p.w;
  const ySize = p.n * p.cOut * p.outH * p.outW;
  return {
    group,
    name,
    shape: `n${p.n} ${p.cIn}->${p.cOut} ${p.h}x${p.w}`,
    flops: 2 * p.n * p.outH * p.outW * p.cOut * p.cIn * p.kh * p.kw,
    setup(be) {
      const w = randomStorage(be, p.cOut * p.cIn * p.kh * p.kw, 3);
      const inputs = group === 'conv2d' ? [randomStorage(be, xSize, 4), w] : group === 'conv2d-input-grad' ? [randomStorage(be, ySize, 5), w] : [randomStorage(be, xSize, 4), randomStorage(be, ySize, 5)];
      const [a, b] = inputs;
      const call =
        group === 'conv2d' ? () => be.conv2d(a, b, p).release()
        : group === 'conv2d-input-grad' ? () => be.conv2dInputGrad(a, b, p).release()
        : () => be.conv2dWeightGrad(a, b, p).release();
      return { call, dispose: () => inputs.forEach((s) => s.release()) };
    },
  };
}

/** Largest A operand of the ConvNet GEMM cases (im2col rows x K), to stay far below binding limits. */
const MAX_GEMM_A = 16 * 1024 * 1024;

function cases(quick: boolean): KernelCase[] {
  const batch = quick ? 16 : 256;
  const square = quick ? 512 : 1024;
  const widths = [32, 128];
  const layers = [{ size: 32, first: true }, { size: 16, first: false }, { size: 8, first: false }];
  const list: KernelCase[] = [
    matmulCase(`square ${square}`, square, square, square, false),
    matmulCase(`square ${square} Bᵀ`, square, square, square, true),
    matmulCase(`square ${square} Aᵀ`, square, square, square, false, true),
  ];
  for (const width of widths) {
    layers.forEach(({ size, first }, i) => {
      // The forward conv as an explicit GEMM: im2col rows (pixels) x (cIn*9) times the weights transposed.
      const k = (first ? 3 : width) * 9;
      const m = Math.min(batch * size * size, Math.floor(MAX_GEMM_A / k / 1024) * 1024);
      list.push(matmulCase(`convnet-w${width} L${i + 1} GEMM`, m, width, k, true));
    });
    list.push(matmulCase(`convnet-w${width} classifier`, batch, 10, width * 16, true));
  }
  for (const group of ['conv2d', 'conv2d-input-grad', 'conv2d-weight-grad'] as const) {
    for (const width of widths) {
      layers.forEach(({ size, first }, i) => {
        list.push(convCase(group, `convnet-w${width} L${i + 1}`, convParams(batch, first ? 3 : width, width, size)));
      });
    }
  }
  return list;
}

const COLUMNS: Column[] = [
  { key: 'group', header: 'kernel' },
  { key: 'name', header: 'case' },
  { key: 'shape', header: 'shape' },
  { key: 'medianMs', header: 'median ms', digits: 2 },
  { key: 'gflops', header: 'GFLOP/s', digits: 2 },
  { key: 'vsBestMatmul', header: 'vs best matmul', digits: 2 },
  { key: 'gflopsPerCpuSecond', header: 'GFLOP/CPU-s', digits: 2 },
  { key: 'vsBestMatmulCpu', header: 'vs best (CPU)', digits: 2 },
  { key: 'firstCallMs', header: 'first call ms', digits: 0 },
];

/** Targets of issue 3 on a 2-core llvmpipe machine. */
const TARGETS = { matmulGflops: 25, convVsMatmul: 0.7 };

async function run(ctx: SuiteContext): Promise<SuiteResult> {
  const be = await webgpuBackend();
  const rows: Record<string, unknown>[] = [];
  const list = cases(ctx.quick).filter((c) => !ctx.filter || ctx.filter.test(`${c.group} ${c.name}`));
  if (list.length === 0) throw new Error(`kernels: no case matches ${ctx.filter}`);
  for (const [i, c] of list.entries()) {
    ctx.log(`[${i + 1}/${list.length}] ${c.group} ${c.name} (${c.shape})`);
    const { call, dispose } = c.setup(be);
    const t = await timeCalls(call, () => be.sync(), { samples: ctx.quick ? 3 : 7, minSampleMs: ctx.quick ? 20 : 200, maxCallsPerSample: 32 });
    dispose();
    rows.push({
      group: c.group,
      name: c.name,
      shape: c.shape,
      flops: c.flops,
      medianMs: t.medianMs,
      minMs: t.minMs,
      maxMs: t.maxMs,
      samplesMs: t.samplesMs,
      callsPerSample: t.callsPerSample,
      firstCallMs: t.firstCallMs,
      gflops: c.flops / t.medianMs / 1e6,
      gflopsPerCpuSecond: c.flops / t.cpuMedianMs / 1e6,
    });
  }
  return { rows, columns: COLUMNS, summary: summarise(rows), environment: { adapter: be.ctx.description, quick: ctx.quick } };
}

/**
 * Ratios to the best matmul of the run, by wall time and by CPU time: on a shared machine wall time
 * stretches with other processes' load while CPU time per call stays close to the work done.
 */
function summarise(rows: Record<string, unknown>[]): Record<string, unknown> {
  const num = (r: Record<string, unknown>, k: string) => r[k] as number;
  const matmuls = rows.filter((r) => r.group === 'matmul');
  if (matmuls.length === 0) return { note: 'no matmul case ran: no ratios' };
  const best = matmuls.reduce((a, b) => (num(b, 'gflops') > num(a, 'gflops') ? b : a));
  const bestCpu = Math.max(...matmuls.map((r) => num(r, 'gflopsPerCpuSecond')));
  for (const r of rows) {
    r.vsBestMatmul = num(r, 'gflops') / num(best, 'gflops');
    r.vsBestMatmulCpu = num(r, 'gflopsPerCpuSecond') / bestCpu;
  }
  const convRatios: Record<string, { min: number; max: number; minCpu: number; maxCpu: number }> = {};
  for (const group of ['conv2d', 'conv2d-input-grad', 'conv2d-weight-grad']) {
    const g = rows.filter((r) => r.group === group);
    if (g.length === 0) continue;
    const wall = g.map((r) => num(r, 'vsBestMatmul'));
    const cpu = g.map((r) => num(r, 'vsBestMatmulCpu'));
    convRatios[group] = { min: Math.min(...wall), max: Math.max(...wall), minCpu: Math.min(...cpu), maxCpu: Math.max(...cpu) };
  }
  return {
    bestMatmul: `${best.name}: ${num(best, 'gflops').toFixed(2)} GFLOP/s`,
    bestMatmulGflops: num(best, 'gflops'),
    bestMatmulGflopsPerCpuSecond: bestCpu,
    convVsBestMatmul: convRatios,
    targets: TARGETS,
    matmulTargetMet: num(best, 'gflops') >= TARGETS.matmulGflops,
    convTargetMet: Object.values(convRatios).every((r) => r.min >= TARGETS.convVsMatmul),
  };
}
registerSuite({ name: 'kernels', description: 'matmul and conv2d / input-grad / weight-grad kernels at ConvNet shapes', run });
