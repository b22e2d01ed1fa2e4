/**
 * A small typed flag parser. Flags are declared once per command (camelCase keys, written on the
 * command line in kebab-case: `batchSize` is `--batch-size`); the declaration gives the parsed types,
 * the validation and the `--help` text. Accepted forms: `--flag value`, `--flag=value`, `--flag` /
 * `--no-flag` for booleans, `--` to end flags. Anything wrong is a UsageError naming the flag.
 */
export type FlagSpec =
  | { readonly type: 'boolean'; readonly description: string }
  | {
      readonly type: 'string';
      readonly description: string;
      readonly default?: string;
      readonly choices?: readonly string[];
      /** Environment variable used when the flag is not given. */
      readonly env?: string;
      readonly placeholder?: string;
    }
  | {
      readonly type: 'number';
      readonly description: string;
      readonly default?: number;
      readonly integer?: boolean;
      readonly min?: number;
      readonly max?: number;
      readonly env?: string;
      readonly placeholder?: string;
    };

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

type ValueOf<S extends FlagSpec> = S extends { type: 'boolean' }
  ? boolean
  : S extends { type: 'number' }
    ? S extends { default: number } ? number : number | undefined
    : S extends { choices: readonly (infer C extends string)[] }
      ? S extends { default: string } ? C : C | undefined
      : S extends { default: string } ? string : string | undefined;

export type Flags<F extends FlagSpecs> = { -readonly [K in keyof F]: ValueOf<F[K]> };

export interface ParsedArgs<F extends FlagSpecs> {
  flags: Flags<F>;
  positionals: string[];
  /** `--help` or `-h` was given: the caller prints help and validates nothing else. */
  help: boolean;
}

/** Bad command-line input; the CLI prints it with a pointer to `--help` and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** Checks and converts one raw value; `where` names its source (`--epochs`, `PAD_GPU_BACKEND`). */
export function convertValue(spec: FlagSpec, raw: string, where: string): string | number | boolean {
  if (spec.type === 'boolean') {
    const v = raw.toLowerCase();
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    throw new UsageError(`${where} is a switch: give it alone or as ${where}=true|false, not '${raw}'`);
  }
  if (spec.type === 'string') {
    if (spec.choices && !spec.choices.includes(raw)) throw new UsageError(`${where} must be one of ${spec.choices.join(', ')}; got '${raw}'`);
    return raw;
  }
  const n = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(n)) throw new UsageError(`${where} expects a number, got '${raw}'`);
  if (spec.integer && !Number.isInteger(n)) throw new UsageError(`${where} expects a whole number, got '${raw}'`);
  if (spec.min !== undefined && n < spec.min) throw new UsageError(`${where} must be at least ${spec.min}, got ${raw}`);
  if (spec.max !== undefined && n > spec.max) throw new UsageError(`${where} must be at most ${spec.max}, got ${raw}`);
  return n;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

function unknownFlag(token: string, specs: FlagSpecs, command: string): UsageError {
  const valid = [...Object.keys(specs).map((k) => `--${kebab(k)}`), '--help'];
  const name = token.split('=')[0];
  const close = valid.filter((v) => editDistance(v, name) <= 2);
  const hint = close.length ? ` Did you mean ${close.join(' or ')}?` : '';
  return new UsageError(`unknown flag ${name} for '${command}'.${hint} Valid flags: ${valid.join(', ')}`);
}

/** Parses `argv` (the words after the command name) against `specs`; `env` feeds flags declaring one. */
export function parseArgs<F extends FlagSpecs>(
  argv: readonly string[],
  specs: F,
  options: { command: string; env?: Record<string, string | undefined> },
): ParsedArgs<F> {
  const end = argv.indexOf('--');
  const flagPart = end < 0 ? argv : argv.slice(0, end);
  if (flagPart.includes('--help') || flagPart.includes('-h')) return { flags: {} as Flags<F>, positionals: [], help: true };

  const byName = new Map(Object.entries(specs).map(([k, s]) => [kebab(k), [k, s] as const]));
  const given = new Map<string, string | number | boolean>();
  const positionals: string[] = [];
  for (let i = 0; i < flagPart.length; i++) {
    const token = flagPart[i];
    if (!token.startsWith('-') || /^-\d/.test(token)) {
      positionals.push(token);
      continue;
    }
    if (!token.startsWith('--')) throw unknownFlag(token, specs, options.command);
    const eq = token.indexOf('=');
    const name = token.slice(2, eq < 0 ? undefined : eq);
    const negated = eq < 0 && name.startsWith('no-') && byName.get(name.slice(3))?.[1].type === 'boolean';
    const entry = byName.get(negated ? name.slice(3) : name);
    if (!entry) throw unknownFlag(token, specs, options.command);
    const [key, spec] = entry;
    const where = `--${kebab(key)}`;
    if (negated) given.set(key, false);
    else if (eq >= 0) given.set(key, convertValue(spec, token.slice(eq + 1), where));
    else if (spec.type === 'boolean') given.set(key, true);
    else {
      const next = flagPart[i + 1];
      if (next === undefined || next.startsWith('--')) {
        const choices = spec.type === 'string' && spec.choices ? ` (one of ${spec.choices.join(', ')})` : '';
        throw new UsageError(`${where} needs a value${choices}`);
      }
      given.set(key, convertValue(spec, next, where));
      i++;
    }
  }
  if (end >= 0) positionals.push(...argv.slice(end + 1));

  const flags: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const envName = spec.type === 'boolean' ? undefined : spec.env;
    const envValue = envName ? options.env?.[envName] : undefined;
    if (given.has(key)) flags[key] = given.get(key);
    else if (envName && envValue !== undefined && envValue !== '') flags[key] = convertValue(spec, envValue, `${envName} (environment)`);
    else flags[key] = spec.type === 'boolean' ? false : spec.default;
  }
  return { flags: flags as Flags<F>, positionals, help: false };
}
