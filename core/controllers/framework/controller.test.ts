import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { Controller } from './controller.ts';
import type { Reconciler, Result } from './result.ts';

/** A reconciler whose reconciles finish only when the test lets them. */
class HeldReconciler implements Reconciler {
  readonly name = 'held';
  readonly started: string[] = [];
  private readonly releases: (() => void)[] = [];

  async reconcile(key: string): Promise<Result> {
    this.started.push(key);
    await new Promise<void>((resolve) => this.releases.push(resolve));
    return {};
  }

  releaseAll(): void {
    for (const release of this.releases.splice(0)) release();
  }
}

describe('Controller', () => {
  it('stops once the reconciles under way finish, dropping the keys still queued', async () => {
    const reconciler = new HeldReconciler();
    const controller = new Controller(reconciler, { workers: 2, logger: pino({ level: 'silent' }) });
    controller.start();
    for (let i = 0; i < 1_000; i++) controller.enqueue(`ns/pod-${i}`);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reconciler.started).toEqual(['ns/pod-0', 'ns/pod-1']);

    const stopped = controller.stop();
    reconciler.releaseAll();
    await stopped;
    expect(reconciler.started).toEqual(['ns/pod-0', 'ns/pod-1']);
  });

  it('starts again after a stop with a fresh queue, its old workers gone', async () => {
    const reconciler = new HeldReconciler();
    const controller = new Controller(reconciler, { workers: 1, logger: pino({ level: 'silent' }) });
    controller.start();
    controller.enqueue('ns/a');
    controller.enqueue('ns/b');
    await new Promise((resolve) => setImmediate(resolve));
    const stopped = controller.stop();
    controller.start();
    controller.enqueue('ns/c');
    controller.enqueue('ns/d');
    reconciler.releaseAll();
    await stopped;
    await new Promise((resolve) => setImmediate(resolve));
    // One worker again: c runs, d waits for it; b was dropped with the old queue.
    expect(reconciler.started).toEqual(['ns/a', 'ns/c']);
    reconciler.releaseAll();
    await new Promise((resolve) => setImmediate(resolve));
    expect(reconciler.started).toEqual(['ns/a', 'ns/c', 'ns/d']);
    const last = controller.stop();
    reconciler.releaseAll();
    await last;
  });
});
