import { defineCommand } from '../command.js';
import { el2nFlags, shardFlag, resolvePreset, runFlags } from '../presets/pad-flags.js';
import { openDevice, runStages } from '../presets/pad-run.js';

export default defineCommand({
  name: 'el2n',
  summary: 'score training samples by EL2N and order each class easy to hard (resumable, --shard i/n)',
  description:
    'Trains K networks for E early epochs and scores every training sample by ||softmax(f(x)) - onehot(y)||_2 ' +
    '(one fused WGSL kernel), averaged over the networks; writes <out>/el2n/scores.safetensors with the scores and ' +
    "each class's indices ordered easy to hard. --shard i/n trains networks i, i+n, ... and scores sample slice i; " +
    'a run that finds every piece merges them.',
  flags: { ...runFlags, ...el2nFlags, ...shardFlag },
  examples: ['el2n', 'el2n --el2n-models 4 --el2n-epochs 3', 'el2n --shard 1/2'],
  async run(args, io) {
    const device = await openDevice(args.flags);
    const res = await runStages(args.flags, resolvePreset(args.flags, device.isCpu, false), device, io, 'el2n');
    if (!res) {
      io.out('el2n: this shard is done; other shards are still missing (see above)');
      return 0;
    }
    io.out(`el2n: scores and easy-to-hard order in ${res.files.el2n ?? '(scheduler off: no scores needed)'}`);
    return 0;
  },
});
