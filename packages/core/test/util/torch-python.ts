import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

let found: string | null | undefined;

/**
 * The Python that has PyTorch (Debian's python3-torch lives under /usr/bin/python3, not a pyenv
 * python3 on PATH). `npm run setup` installs it; interop tests fail loudly rather than skip without it.
 */
export function torchPython(): string {
  found ??= ['/usr/bin/python3', 'python3'].find((py) => (py === 'python3' || existsSync(py)) && spawnSync(py, ['-c', 'import torch']).status === 0) ?? null;
  if (!found) throw new Error("PyTorch is not installed: '/usr/bin/python3 -c \"import torch\"' failed. Run `npm run setup` (it installs python3-torch).");
  return found;
}
