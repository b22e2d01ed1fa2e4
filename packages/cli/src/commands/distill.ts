import { defineCommand } from '../command.js';
import { distillFlags, el2nFlags, expertFlags, resolvePreset, runFlags } from '../presets/pad-flags.js';
import { openDevice, renderSummary, runStages } from '../presets/pad-run.js';

export default defineCommand({
  name: 'distill',
  summary: 'run PAD end to end: EL2N scores, scheduled experts, distillation, evaluation',
  description:
    'Runs the whole PAD pipeline in one folder (--out): EL2N difficulty scores, expert trajectories on scheduled ' +
    'easy-to-hard subsets, then DATM-style trajectory matching on the deep parameters only with an exact gradient ' +
    'whose memory does not grow with the unrolled steps, evaluating the initial and the distilled set with the ' +
    "paper's protocol. With no flags it distils Fashion-MNIST with the 'cpu' preset on a CPU adapter (minutes on " +
    'two cores) and the paper-scale preset on a GPU. Rerunning the same command resumes after an interruption ' +
    '(kill -9 included). Outputs: distilled.safetensors, report.json, a PNG grid per evaluation.',
  flags: { ...runFlags, ...el2nFlags, ...expertFlags, ...distillFlags },
  examples: ['distill', 'distill --preset cifar10-ipc10 --data-dir ~/data/cifar-10-batches-bin', 'distill --iterations 50 --alpha 0 --out ablation-alpha0', 'distill --no-scheduler --out ablation-noscheduler'],
  async run(args, io) {
    const f = args.flags;
    const device = await openDevice(f);
    const resolved = resolvePreset(f, device.isCpu);
    const res = await runStages(f, resolved, device, io, 'distill');
    if (!res) return 1;
    io.out(f.json ? JSON.stringify(res.report, null, 2) : renderSummary(res));
    return 0;
  },
});
