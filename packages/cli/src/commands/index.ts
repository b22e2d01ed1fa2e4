import type { Command } from '../command.js';

/**
 * Every subcommand, loaded on demand. To add one: write src/commands/<name>.ts with a default export
 * made by defineCommand(...), and add its line here (the key is the name typed after `pad-gpu`).
 */
export const COMMANDS: Record<string, () => Promise<{ default: Command }>> = {
  info: () => import('./info.js'),
  train: () => import('./train.js'),
  eval: () => import('./eval.js'),
  el2n: () => import('./el2n.js'),
  experts: () => import('./experts.js'),
  distill: () => import('./distill.js'),
};
