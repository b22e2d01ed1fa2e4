/**
 * The op-suite page: `window.padSuite.run()` creates a WebGPU backend from navigator.gpu, runs every
 * case against the CPU backend and returns the results with the adapter's description and limits.
 */
import { adapterLabel, cpuBackend, webgpuBackend } from '@pad-gpu/core';
import { convCases } from './cases/conv.js';
import { elementwiseCases } from './cases/elementwise.js';
import { gradCases } from './cases/grad.js';
import { matmulCases } from './cases/matmul.js';
import { movementCases } from './cases/movement.js';
import { randomCases } from './cases/random.js';
import { reduceCases } from './cases/reduce.js';
import { runSuite } from './runner.js';

const ALL = [...elementwiseCases, ...reduceCases, ...movementCases, ...matmulCases, ...convCases, ...randomCases, ...gradCases];

async function run() {
  const gpu = await webgpuBackend();
  const limits = gpu.ctx.limits;
  const results = await runSuite(ALL, cpuBackend(), gpu);
  const out = {
    adapter: adapterLabel(gpu.ctx.description),
    isCpu: gpu.ctx.description.isCpu,
    limits: { maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup, maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage },
    results,
  };
  const table = document.getElementById('results')!;
  for (const r of results) table.insertAdjacentHTML('beforeend', `<tr class="${r.status}"><td>${r.family}</td><td>${r.name}</td><td>${r.status}</td><td>${Number.isFinite(r.maxError) ? r.maxError.toExponential(1) : '–'}</td><td>${r.ms} ms</td></tr>`);
  document.getElementById('adapter')!.textContent = out.adapter;
  gpu.ctx.destroy();
  return out;
}

(globalThis as { padSuite?: unknown }).padSuite = { run };
document.body.dataset.state = 'loaded';
