import type { BackendName, DeviceOptions } from '@pad-gpu/core';
import type { FlagSpecs } from './args.js';

/**
 * Backends a user may force. Mirrors BACKENDS in core's select-adapter.ts (checked by a test), so a
 * typo fails here with the flag's name instead of after probing every adapter.
 */
export const BACKEND_NAMES = ['vulkan', 'metal', 'd3d12', 'opengl', 'opengles'] as const satisfies readonly BackendName[];

/** The device flags every GPU command shares: spread them into the command's flags. */
export const deviceFlags = {
  backend: {
    type: 'string',
    choices: BACKEND_NAMES,
    env: 'PAD_GPU_BACKEND',
    placeholder: 'name',
    description: 'force a WebGPU backend; by default the native GPU backend, else OpenGL on Mesa llvmpipe',
  },
  adapter: {
    type: 'string',
    env: 'PAD_GPU_ADAPTER',
    placeholder: 'text',
    description: "use the adapter whose name contains this text; 'pad-gpu info --list' shows them",
  },
} as const satisfies FlagSpecs;

/** Device options from parsed device flags (the environment was already applied by the parser). */
export function deviceOptions(flags: { backend?: BackendName; adapter?: string }): DeviceOptions {
  const options: DeviceOptions = {};
  if (flags.backend) options.backend = flags.backend;
  if (flags.adapter) options.adapter = flags.adapter;
  return options;
}
