import { performance } from 'node:perf_hooks';
import { progress } from './progress.ts';

/**
 * A benchmark's whole time budget: every phase takes at most what is left,
 * so a slow server yields a partial figure (`complete: false`) instead of a
 * run that never ends.
 */
export class Deadline {
  private readonly endsAt: number;

  constructor(totalMs: number) {
    this.endsAt = performance.now() + totalMs;
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - performance.now());
  }

  /** a phase's time limit: `capMs`, or less when the budget is nearly spent */
  budget(capMs: number): number {
    return Math.min(capMs, this.remainingMs());
  }

  expired(): boolean {
    return this.remainingMs() <= 0;
  }
}

export interface WaitOptions {
  timeoutMs: number;
  pollMs?: number;
  /** a progress line this often (to stderr) while waiting */
  progressEveryMs?: number;
  describe?: () => string;
}

/** Polls `done` until it holds (true) or the time runs out (false). */
export async function waitUntil(done: () => boolean, options: WaitOptions): Promise<boolean> {
  const pollMs = options.pollMs ?? 20;
  const deadline = performance.now() + options.timeoutMs;
  let nextProgress = performance.now() + (options.progressEveryMs ?? 5_000);
  while (!done()) {
    const now = performance.now();
    if (now >= deadline) return false;
    if (options.describe !== undefined && now >= nextProgress) {
      progress(options.describe());
      nextProgress = now + (options.progressEveryMs ?? 5_000);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(1, deadline - now))));
  }
  return true;
}

/** Seconds between two performance.now() readings, rounded to ms. */
export function secondsBetween(startMs: number, endMs: number): number {
  return Math.round(endMs - startMs) / 1000;
}
