import { parseArgs } from 'node:util';

export interface BenchArgs {
  suite: string;
  quick: boolean;
  /** JSON output path; default bench-results/<suite>.json. */
  out: string;
  /** Only cases whose name matches this regular expression (suites that have cases). */
  filter?: string;
  list: boolean;
  help: boolean;
}

export const USAGE = `usage: node dist/main.js [--suite NAME] [--quick] [--filter REGEX] [--out FILE] [--list]
  --suite NAME    benchmark suite to run (default: kernels; --list shows all)
  --quick         small shapes and few repetitions (a smoke run)
  --filter REGEX  only the cases whose name matches (e.g. 'conv2d-weight-grad.*w128')
  --out FILE      JSON results (default: bench-results/<suite>.json)`;

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      suite: { type: 'string', default: 'kernels' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      filter: { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const suite = values.suite ?? 'kernels';
  return {
    suite,
    quick: values.quick ?? false,
    out: values.out ?? `bench-results/${suite}.json`,
    filter: values.filter,
    list: values.list ?? false,
    help: values.help ?? false,
  };
}
