let enabled = true;

export function isGradEnabled(): boolean {
  return enabled;
}

/** Runs fn with recording on or off (restored afterwards, also on throw). */
export function withGradMode<T>(on: boolean, fn: () => T): T {
  const before = enabled;
  enabled = on;
  try {
    return fn();
  } finally {
    enabled = before;
  }
}

/** Runs fn without recording a graph (evaluation, optimiser updates). */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}
