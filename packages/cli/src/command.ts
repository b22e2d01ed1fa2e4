import { type FlagSpecs, type ParsedArgs, kebab } from './args.js';

/** Where a command writes: stdout for results (JSON stays parseable), stderr for progress and notes. */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  /** The stream progress bars draw on (TTY-aware); normally process.stderr. */
  progressStream: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
}

export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly optional?: boolean;
}

/**
 * One subcommand. `run` returns the exit code; it throws UsageError for bad input and any other
 * error for failures (main prints both and picks the exit code).
 */
export interface Command<F extends FlagSpecs = FlagSpecs> {
  readonly name: string;
  /** One line for `pad-gpu --help`. */
  readonly summary: string;
  /** A paragraph for `pad-gpu <name> --help`. */
  readonly description?: string;
  readonly flags: F;
  readonly positionals?: readonly PositionalSpec[];
  /** Example invocations shown in help, without the leading `pad-gpu`. */
  readonly examples?: readonly string[];
  run(args: ParsedArgs<F>, io: CommandIO): Promise<number>;
}

/** Identity, but infers literal flag types (choices, defaults) so `args.flags` is precisely typed. */
export function defineCommand<const F extends FlagSpecs>(command: Command<F>): Command<F> {
  return command;
}

function flagLine(key: string, spec: FlagSpecs[string]): [string, string] {
  const name = `--${kebab(key)}`;
  if (spec.type === 'boolean') return [name, spec.description];
  const placeholder = spec.placeholder ?? (spec.type === 'number' ? 'n' : 'text');
  const notes: string[] = [];
  if (spec.type === 'string' && spec.choices) notes.push(`one of ${spec.choices.join(', ')}`);
  if (spec.default !== undefined) notes.push(`default ${spec.default}`);
  if (spec.env) notes.push(`env ${spec.env}`);
  return [`${name} <${placeholder}>`, `${spec.description}${notes.length ? ` (${notes.join('; ')})` : ''}`];
}

/** The text of `pad-gpu <command> --help`. */
export function commandHelp(command: Command): string {
  const pos = (command.positionals ?? []).map((p) => (p.optional ? `[${p.name}]` : `<${p.name}>`)).join(' ');
  const lines = [`Usage: pad-gpu ${command.name}${pos ? ` ${pos}` : ''} [flags]`, '', command.description ?? command.summary, ''];
  const args = (command.positionals ?? []).map((p): [string, string] => [p.name, p.description]);
  const flags: [string, string][] = [...Object.entries(command.flags).map(([k, s]) => flagLine(k, s)), ['-h, --help', 'show this help']];
  const width = Math.max(...[...args, ...flags].map(([l]) => l.length)) + 2;
  const table = (rows: [string, string][]) => rows.map(([l, r]) => `  ${l.padEnd(width)}${r}`);
  if (args.length) lines.push('Arguments:', ...table(args), '');
  lines.push('Flags:', ...table(flags));
  if (command.examples?.length) lines.push('', 'Examples:', ...command.examples.map((e) => `  pad-gpu ${e}`));
  return lines.join('\n');
}
