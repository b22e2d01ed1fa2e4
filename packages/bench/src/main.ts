// pad-gpu benchmarks: `node dist/main.js --suite kernels [--quick] [--out FILE]`. Prints a table on
// stdout, progress on stderr, and writes the rows, summary and machine facts as JSON.
import { getSuite, listSuites } from './registry.js';
import './suites.js';
import { USAGE, parseBenchArgs } from './util/args.js';
import { machineInfo, writeJson } from './util/report.js';
import { formatTable } from './util/table.js';

async function main(): Promise<void> {
  let args;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  if (args.list) {
    for (const s of listSuites()) console.log(`${s.name.padEnd(10)} ${s.description}`);
    return;
  }
  const suite = getSuite(args.suite);
  const machine = machineInfo();
  const started = new Date().toISOString();
  const filter = args.filter === undefined ? undefined : new RegExp(args.filter);
  const result = await suite.run({ quick: args.quick, filter, log: (line) => console.error(line) });
  console.log(formatTable(result.columns, result.rows));
  for (const [k, v] of Object.entries(result.summary)) console.log(`${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
  writeJson(args.out, {
    suite: suite.name,
    started,
    finished: new Date().toISOString(),
    options: { quick: args.quick, filter: args.filter ?? null },
    machine: { ...machine, loadAverageAtEnd: machineInfo().loadAverage },
    environment: result.environment ?? {},
    summary: result.summary,
    rows: result.rows,
  });
  console.error(`results written to ${args.out}`);
}

main().then(
  // Dawn keeps handles alive; exit explicitly once everything is written.
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
