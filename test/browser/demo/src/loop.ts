/**
 * The page's distillation loop: runs iterations until paused, reports each one, redraws the images
 * and evaluates every `evalEvery` iterations. Pause takes effect between iterations (an iteration
 * is one unit of GPU work and is never cut in half).
 */
import type { DistillRun, ImageSet, IterationReport } from './pad/api.js';
import { yieldToPage } from './yield.js';

export interface LoopHooks {
  onIteration(r: IterationReport): void;
  onImages(images: Float32Array): void;
  onEvaluation(accuracy: number, iteration: number): void;
  onStateChange(state: 'running' | 'paused' | 'evaluating' | 'error'): void;
  onError(e: Error): void;
}

export class DistillLoop {
  private running = false;
  private busy: Promise<void> = Promise.resolve();
  private evalRequested = false;
  iterations = 0;

  constructor(
    private readonly run: DistillRun,
    private readonly test: ImageSet,
    private readonly evalEvery: number,
    private readonly hooks: LoopHooks,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.hooks.onStateChange('running');
    this.busy = this.busy.then(() => this.loop());
  }

  /** Resolves once the iteration in flight has finished. */
  async pause(): Promise<void> {
    this.running = false;
    await this.busy;
  }

  /** Evaluates after the iteration in flight (while running) or at once (while paused). */
  async evaluate(): Promise<void> {
    if (this.running) {
      this.evalRequested = true;
      return;
    }
    const job = this.busy.then(() => this.evaluateNow());
    this.busy = job.catch(() => undefined);
    await job;
  }

  private async evaluateNow(): Promise<void> {
    this.hooks.onStateChange('evaluating');
    try {
      this.hooks.onEvaluation(await this.run.evaluate(this.test), this.iterations);
    } catch (e) {
      this.fail(e);
      return;
    }
    this.hooks.onStateChange(this.running ? 'running' : 'paused');
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        this.hooks.onIteration(await this.run.step());
        this.iterations++;
        this.hooks.onImages(await this.run.images());
        // The CPU backend resolves reads at once, so without a macrotask break the loop would run
        // as one chain of microtasks: no repaint, and the Pause button would never be handled.
        await yieldToPage();
      } catch (e) {
        this.fail(e);
        return;
      }
      const periodic = this.evalEvery > 0 && this.iterations % this.evalEvery === 0;
      if (periodic || this.evalRequested) {
        this.evalRequested = false;
        await this.evaluateNow();
      }
    }
    this.hooks.onStateChange('paused');
  }

  private fail(e: unknown): void {
    this.running = false;
    this.hooks.onStateChange('error');
    this.hooks.onError(e instanceof Error ? e : new Error(String(e)));
  }
}
