import { readFileSync } from 'node:fs';
import { UsageError, parseArgs } from './args.js';
import { type Command, type CommandIO, commandHelp } from './command.js';
import { COMMANDS } from './commands/index.js';

/** Exit codes: 0 success, 1 failure (including a failed self-test), 2 bad usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function processIO(): CommandIO {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    progressStream: process.stderr,
    env: process.env,
  };
}

async function loadCommand(name: string): Promise<Command> {
  return (await COMMANDS[name]()).default as Command;
}

async function topHelp(): Promise<string> {
  const commands = await Promise.all(Object.keys(COMMANDS).map(loadCommand));
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'pad-gpu: dataset distillation (PAD) on WebGPU, on GPUs and on machines without one.',
    '',
    'Usage: pad-gpu <command> [flags]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    "Run 'pad-gpu <command> --help' for its flags. GPU commands take --backend and --adapter",
    '(or env PAD_GPU_BACKEND / PAD_GPU_ADAPTER) to pick the device.',
  ].join('\n');
}

function version(): string {
  // dist/main.js and src/main.ts both sit one level below the package root.
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function checkPositionals(command: Command, positionals: string[]): void {
  const specs = command.positionals ?? [];
  const required = specs.filter((p) => !p.optional).length;
  if (positionals.length > specs.length) {
    const extra = positionals[specs.length];
    throw new UsageError(`unexpected argument '${extra}'${specs.length ? ` (takes ${specs.map((p) => p.name).join(', ')})` : ' (this command takes flags only)'}`);
  }
  if (positionals.length < required) throw new UsageError(`missing argument <${specs[positionals.length].name}>`);
}

/** Runs `pad-gpu <argv...>` and returns the exit code; prints everything through `io`. */
export async function main(argv: readonly string[], io: CommandIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === undefined) io.err(await topHelp());
    else io.out(await topHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(version());
    return EXIT.ok;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    io.err(`pad-gpu: unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(', ')}. Run 'pad-gpu --help' for more.`);
    return EXIT.usage;
  }
  const command = await loadCommand(name);
  try {
    const args = parseArgs(rest, command.flags, { command: `pad-gpu ${name}`, env: io.env });
    if (args.help) {
      io.out(commandHelp(command));
      return EXIT.ok;
    }
    checkPositionals(command, args.positionals);
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`pad-gpu ${name}: ${e.message}\nRun 'pad-gpu ${name} --help' for usage.`);
      return EXIT.usage;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.err(`pad-gpu ${name}: error: ${message}`);
    if (io.env.PAD_GPU_DEBUG && e instanceof Error && e.stack) io.err(e.stack);
    return EXIT.failed;
  }
}
