import type { Command } from '../command.js';

/**
 * Every subcommand, loaded on demand. To add one: write src/commands/<name>.ts with a default export
 * made by defineCommand(...), and add its line here (the key is the name typed after `pad-gpu`).
 */
export const COMMANDS: Record<string, () => Promise<{ default: Command }>> = {
  info: () => import('./info.js'),
};
