import { describe, expect, it } from 'vitest';
import { RolloutTracker } from './rollout-tracker.ts';

function pod(uid: string, hash: string, ready: boolean, terminating = false): Record<string, unknown> {
  return {
    metadata: { uid, labels: { app: 'web', 'pod-template-hash': hash }, ...(terminating ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

type Step = [type: string, uid: string, hash: string, ready: boolean, terminating?: boolean];

function track(steps: Step[]): RolloutTracker {
  const tracker = new RolloutTracker();
  for (const [type, uid, hash, ready, terminating] of steps) tracker.onEvent({ type, object: pod(uid, hash, ready, terminating), arrivedAt: 0 });
  return tracker;
}

describe('RolloutTracker', () => {
  it.each<{ name: string; steps: Step[]; hash: string; existing: number; ready: number; others: number }>([
    { name: 'a new pod exists but is not ready', steps: [['ADDED', 'a', 'h1', false]], hash: 'h1', existing: 1, ready: 0, others: 0 },
    { name: 'it turns ready', steps: [['ADDED', 'a', 'h1', false], ['MODIFIED', 'a', 'h1', true]], hash: 'h1', existing: 1, ready: 1, others: 0 },
    { name: 'a terminating pod still exists but is not ready', steps: [['ADDED', 'a', 'h1', true], ['MODIFIED', 'a', 'h1', true, true]], hash: 'h1', existing: 1, ready: 0, others: 0 },
    { name: 'a deleted pod is gone', steps: [['ADDED', 'a', 'h1', true], ['DELETED', 'a', 'h1', true]], hash: 'h1', existing: 0, ready: 0, others: 0 },
    { name: 'old pods count as others', steps: [['ADDED', 'a', 'h1', true], ['ADDED', 'b', 'h2', true]], hash: 'h2', existing: 1, ready: 1, others: 1 },
  ])('$name', ({ steps, hash, existing, ready, others }) => {
    const tracker = track(steps);
    expect(tracker.existingOf(hash)).toBe(existing);
    expect(tracker.readyOf(hash)).toBe(ready);
    expect(tracker.othersThan(hash)).toBe(others);
  });

  it('keeps the most pods not terminating and the fewest ready since the reset', () => {
    const tracker = track([
      ['ADDED', 'a', 'h1', true],
      ['ADDED', 'b', 'h1', true],
    ]);
    tracker.resetExtremes();
    for (const [type, uid, hash, ready, terminating] of [
      ['ADDED', 'c', 'h2', false],
      ['MODIFIED', 'a', 'h1', true, true],
      ['MODIFIED', 'c', 'h2', true],
      ['DELETED', 'a', 'h1', true],
    ] satisfies Step[]) {
      tracker.onEvent({ type, object: pod(uid, hash, ready, terminating), arrivedAt: 0 });
    }
    expect(tracker.maxNotTerminating).toBe(3);
    expect(tracker.minReady).toBe(1);
    expect(tracker.hashes().sort()).toEqual(['h1', 'h2']);
  });
});
