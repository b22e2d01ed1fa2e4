import { defineCommand } from '../command.js';
import { el2nFlags, shardFlag, expertFlags, resolvePreset, runFlags } from '../presets/pad-flags.js';
import { openDevice, runStages } from '../presets/pad-run.js';

export default defineCommand({
  name: 'experts',
  summary: 'train expert trajectories on scheduled easy-to-hard subsets (resumable, --shard i/n)',
  description:
    "Trains the experts PAD matches: SGD (lr 0.01, batch 256, DSA), saving the flat parameters after every epoch to " +
    '<out>/experts/expert_<i>.safetensors. Epoch e trains on the easiest p(e) = min(1, IR + (1-IR)·e/AEE) of every ' +
    'class by EL2N score (computed first when missing). An interrupted run continues with the next epoch; --shard i/n ' +
    'trains experts i, i+n, ... so several processes or machines fill one folder.',
  flags: { ...runFlags, ...el2nFlags, ...shardFlag, ...expertFlags },
  examples: ['experts', 'experts --num-experts 10 --train-epochs 50 --shard 0/2', 'experts --no-scheduler'],
  async run(args, io) {
    const device = await openDevice(args.flags);
    const res = await runStages(args.flags, resolvePreset(args.flags, device.isCpu, false), device, io, 'experts');
    if (!res) return 1;
    const files = res.files.experts as string[];
    io.out(`experts: ${files.length} trajectories of this shard in ${files.length ? files[0].replace(/[^/]+$/, '') : args.flags.out}`);
    return 0;
  },
});
