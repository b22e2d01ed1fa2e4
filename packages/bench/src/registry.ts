import type { Column } from './util/table.js';

/** What a suite gets from the runner. */
export interface SuiteContext {
  /** Smaller shapes and fewer repetitions (a smoke run, not numbers to report). */
  readonly quick: boolean;
  /** Run only the cases whose full name (e.g. 'conv2d convnet-w32 L2') matches. */
  readonly filter?: RegExp;
  /** Progress lines (stderr), so stdout keeps only the table. */
  log(line: string): void;
}

/** One suite's results: table rows (also written to JSON), the table's columns, and a summary. */
export interface SuiteResult {
  readonly rows: readonly Record<string, unknown>[];
  readonly columns: readonly Column[];
  readonly summary: Record<string, unknown>;
  /** Facts about the run worth keeping with the numbers (adapter, sizes). */
  readonly environment?: Record<string, unknown>;
}

export interface BenchSuite {
  readonly name: string;
  readonly description: string;
  run(ctx: SuiteContext): Promise<SuiteResult>;
}

const suites = new Map<string, BenchSuite>();

/** Suites register themselves from their own module; src/suites.ts imports every suite module. */
export function registerSuite(suite: BenchSuite): void {
  if (suites.has(suite.name)) throw new Error(`bench: suite '${suite.name}' is registered twice`);
  suites.set(suite.name, suite);
}

export function getSuite(name: string): BenchSuite {
  const suite = suites.get(name);
  if (!suite) throw new Error(`bench: unknown suite '${name}' (known: ${[...suites.keys()].join(', ') || 'none'})`);
  return suite;
}

export function listSuites(): BenchSuite[] {
  return [...suites.values()];
}
