// The dispatcher in-process: help, unknown commands, usage errors and exit codes, the command
// registry, and `info --json` end to end (the built bin is tested in the root test/ workspace).
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../../core/src/device/select-adapter.js';
import { commandHelp } from '../src/command.js';
import type { CommandIO } from '../src/command.js';
import { COMMANDS } from '../src/commands/index.js';
import { BACKEND_NAMES } from '../src/device-flags.js';
import { main } from '../src/main.js';

function captureIO(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = { out: (t) => out.push(t), err: (t) => err.push(t), progressStream: { write: () => true }, env };
  return { io, out, err };
}

describe('pad-gpu dispatcher', () => {
  it('--help lists every registered command with its summary, exit 0', async () => {
    const { io, out } = captureIO();
    expect(await main(['--help'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/Commands:\n {2}info +show the WebGPU device/);
  });

  it('no command prints the help to stderr, exit 2', async () => {
    const { io, out, err } = captureIO();
    expect(await main([], io)).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toContain('Usage: pad-gpu <command> [flags]');
  });

  it('an unknown command names it and lists the commands, exit 2', async () => {
    const { io, err } = captureIO();
    expect(await main(['distil'], io)).toBe(2);
    expect(err.join('\n')).toBe("pad-gpu: unknown command 'distil'. Commands: info, train, eval, el2n, experts, distill. Run 'pad-gpu --help' for more.");
  });

  it('a bad flag prints the usage error and where to get help, exit 2', async () => {
    const { io, err } = captureIO();
    expect(await main(['info', '--verbose'], io)).toBe(2);
    expect(err.join('\n')).toBe(
      "pad-gpu info: unknown flag --verbose for 'pad-gpu info'. Valid flags: --json, --list, --backend, --adapter, --help\n" +
        "Run 'pad-gpu info --help' for usage.",
    );
  });

  it('PAD_GPU_BACKEND with a bad value is a usage error naming the variable', async () => {
    const { io, err } = captureIO({ PAD_GPU_BACKEND: 'cuda' });
    expect(await main(['info'], io)).toBe(2);
    expect(err[0]).toContain("PAD_GPU_BACKEND (environment) must be one of vulkan, metal, d3d12, opengl, opengles; got 'cuda'");
  });

  it('--version prints the package version', async () => {
    const { io, out } = captureIO();
    expect(await main(['--version'], io)).toBe(0);
    expect(out[0]).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('info --json reports a CPU adapter and a passing self-test, exit 0', async () => {
    const { io, out } = captureIO();
    expect(await main(['info', '--json'], io)).toBe(0);
    const report = JSON.parse(out.join('\n'));
    expect(report.ok).toBe(true);
    expect(report.isCpu).toBe(true);
    expect(report.selfTest.pass).toBe(true);
  });

  it('info with an adapter that does not exist fails with the list of adapters, exit 1', async () => {
    const { io, out } = captureIO();
    expect(await main(['info', '--adapter', 'no-such-gpu'], io)).toBe(1);
    expect(out.join('\n')).toMatch(/FAIL[\s\S]*'no-such-gpu'[\s\S]*Adapters on this machine:\n {2}- .*llvmpipe/);
  });
});

describe('command registry', () => {
  it('every entry loads a command of the same name whose help renders', async () => {
    for (const [name, load] of Object.entries(COMMANDS)) {
      const command = (await load()).default;
      expect(command.name).toBe(name);
      expect(commandHelp(command)).toContain(`Usage: pad-gpu ${name}`);
    }
  });

  it('the --backend choices are exactly the backends the device layer accepts', () => {
    expect([...BACKEND_NAMES]).toEqual([...BACKENDS]);
  });
});
