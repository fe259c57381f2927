import { describe, expect, it } from 'vitest';
import { syncInputsChanged } from './pod-state.ts';
import { pod, type PodShape } from './test-fixtures.ts';

describe('syncInputsChanged', () => {
  const base: PodShape = { name: 'web-1', phase: 'Pending' };

  it.each<[string, PodShape, PodShape, boolean]>([
    ['a binding (only spec.nodeName changes)', base, { ...base, node: 'node-1' }, false],
    ['a restart count', { ...base, phase: 'Running', readySince: 5 }, { ...base, phase: 'Running', readySince: 5, restarts: 2 }, false],
    ['Pending to Running', base, { ...base, phase: 'Running' }, true],
    ['Running to Failed (no longer active)', { ...base, phase: 'Running' }, { ...base, phase: 'Failed' }, true],
    ['becoming Ready', { ...base, phase: 'Running' }, { ...base, phase: 'Running', readySince: 5 }, true],
    ['Ready again since a later time (availability restarts)', { ...base, phase: 'Running', readySince: 5 }, { ...base, phase: 'Running', readySince: 9 }, true],
  ])('%s', (_name, before, after, expected) => {
    expect(syncInputsChanged(pod(before), pod(after))).toBe(expected);
  });
});
