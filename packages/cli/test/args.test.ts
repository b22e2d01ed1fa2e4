import { describe, expect, it } from 'vitest';
import { type FlagSpecs, UsageError, convertValue, kebab, parseArgs } from '../src/args.js';

const specs = {
  json: { type: 'boolean', description: 'json' },
  epochs: { type: 'number', integer: true, min: 1, default: 10, description: 'epochs' },
  lr: { type: 'number', description: 'learning rate', env: 'TEST_LR' },
  backend: { type: 'string', choices: ['opengl', 'vulkan'], env: 'TEST_BACKEND', description: 'backend' },
  batchSize: { type: 'number', integer: true, min: 1, max: 4096, default: 256, description: 'batch' },
  out: { type: 'string', default: 'runs', description: 'dir' },
} as const satisfies FlagSpecs;

const parse = (argv: string[], env: Record<string, string> = {}) => parseArgs(argv, specs, { command: 'pad-gpu test', env });
const usage = (argv: string[], env: Record<string, string> = {}): string => {
  try {
    parse(argv, env);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
};

describe('parseArgs', () => {
  it('applies defaults and leaves optional flags undefined', () => {
    const { flags, positionals, help } = parse([]);
    expect(flags).toEqual({ json: false, epochs: 10, lr: undefined, backend: undefined, batchSize: 256, out: 'runs' });
    expect(positionals).toEqual([]);
    expect(help).toBe(false);
  });

  it('accepts --flag value, --flag=value, kebab-case names, booleans and negative numbers', () => {
    const { flags } = parse(['--epochs', '3', '--lr=-0.5', '--batch-size', '64', '--json', '--backend=vulkan', '--out', 'x=y']);
    expect(flags).toEqual({ json: true, epochs: 3, lr: -0.5, backend: 'vulkan', batchSize: 64, out: 'x=y' });
    expect(parse(['--lr', '-1e-3']).flags.lr).toBe(-0.001);
    expect(parse(['--json=false']).flags.json).toBe(false);
    expect(parse(['--json', '--no-json']).flags.json).toBe(false);
  });

  it('keeps positionals, also after --', () => {
    expect(parse(['a.safetensors', '--json', '--', '--not-a-flag']).positionals).toEqual(['a.safetensors', '--not-a-flag']);
  });

  it('reads flags from the environment when not given, command line first', () => {
    expect(parse([], { TEST_LR: '0.01', TEST_BACKEND: 'opengl' }).flags).toMatchObject({ lr: 0.01, backend: 'opengl' });
    expect(parse(['--backend', 'vulkan'], { TEST_BACKEND: 'opengl' }).flags.backend).toBe('vulkan');
    expect(parse([], { TEST_BACKEND: '' }).flags.backend).toBeUndefined();
    expect(usage([], { TEST_BACKEND: 'metal' })).toBe("TEST_BACKEND (environment) must be one of opengl, vulkan; got 'metal'");
  });

  it('--help wins over everything else, even bad flags', () => {
    expect(parse(['--epochs', 'abc', '--help']).help).toBe(true);
    expect(parse(['-h']).help).toBe(true);
  });

  it('names the unknown flag, suggests a near one and lists the valid ones', () => {
    expect(usage(['--epoch', '3'])).toBe(
      "unknown flag --epoch for 'pad-gpu test'. Did you mean --epochs? Valid flags: --json, --epochs, --lr, --backend, --batch-size, --out, --help",
    );
    expect(usage(['--frobnicate=1'])).toMatch(/^unknown flag --frobnicate for 'pad-gpu test'\. Valid flags: --json,/);
    expect(usage(['-x'])).toMatch(/^unknown flag -x /);
    expect(usage(['--no-epochs'])).toMatch(/^unknown flag --no-epochs/);
  });

  it('rejects bad values with a message naming the flag', () => {
    expect(usage(['--epochs', 'abc'])).toBe("--epochs expects a number, got 'abc'");
    expect(usage(['--epochs', '1.5'])).toBe("--epochs expects a whole number, got '1.5'");
    expect(usage(['--epochs=0'])).toBe('--epochs must be at least 1, got 0');
    expect(usage(['--batch-size', '5000'])).toBe('--batch-size must be at most 4096, got 5000');
    expect(usage(['--lr='])).toBe("--lr expects a number, got ''");
    expect(usage(['--backend', 'metal'])).toBe("--backend must be one of opengl, vulkan; got 'metal'");
    expect(usage(['--json=maybe'])).toMatch(/^--json is a switch/);
  });

  it('reports a missing value instead of swallowing the next flag', () => {
    expect(usage(['--epochs'])).toBe('--epochs needs a value');
    expect(usage(['--backend', '--json'])).toBe('--backend needs a value (one of opengl, vulkan)');
  });
});

describe('helpers', () => {
  it('kebab-cases camelCase keys', () => {
    expect(kebab('batchSize')).toBe('batch-size');
    expect(kebab('lrImg')).toBe('lr-img');
  });
  it('converts numbers strictly', () => {
    expect(convertValue({ type: 'number', description: '' }, '1e3', '--n')).toBe(1000);
    expect(() => convertValue({ type: 'number', description: '' }, 'Infinity', '--n')).toThrow("--n expects a number, got 'Infinity'");
    expect(() => convertValue({ type: 'number', description: '' }, '12abc', '--n')).toThrow(UsageError);
  });
});
