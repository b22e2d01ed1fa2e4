import type { Backend } from './backend.js';

let current: Backend | null = null;

/** The backend new tensors are created on when none is named. */
export function getBackend(): Backend {
  if (!current) throw new Error('no backend selected: call setBackend(cpuBackend()) or setBackend(await webgpuBackend())');
  return current;
}

export function setBackend(b: Backend): void {
  current = b;
}

export function withBackend<T>(b: Backend, fn: () => T): T {
  const before = current;
  current = b;
  try {
    return fn();
  } finally {
    current = before;
  }
}
