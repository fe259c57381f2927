import { describe, expect, it } from 'vitest';
import type { Condition, NodeTaint } from './node-fields.ts';
import { applyTaintChange, noExecuteTaintFor, planNoExecuteAction, planNoScheduleTaints, REACHABLE } from './taints.ts';

const cond = (type: string, status: string): Condition => ({ type, status });
const unreachableNoSchedule = { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' } as const;
const notReadyNoSchedule = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' } as const;
const unreachableNoExecute = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' } as const;
const notReadyNoExecute = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' } as const;
const custom: NodeTaint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

describe('planNoScheduleTaints', () => {
  it.each<[string, Condition[], boolean, NodeTaint[], { add: unknown[]; remove: unknown[] }]>([
    ['a Ready node needs none', [cond('Ready', 'True')], false, [], { add: [], remove: [] }],
    ['Ready Unknown: unreachable', [cond('Ready', 'Unknown')], false, [], { add: [unreachableNoSchedule], remove: [] }],
    ['Ready False: not-ready', [cond('Ready', 'False')], false, [], { add: [notReadyNoSchedule], remove: [] }],
    ['Unknown to False swaps them', [cond('Ready', 'False')], false, [unreachableNoSchedule], { add: [notReadyNoSchedule], remove: [unreachableNoSchedule] }],
    ['Ready again removes it', [cond('Ready', 'True')], false, [unreachableNoSchedule, custom], { add: [], remove: [unreachableNoSchedule] }],
    ['pressure conditions', [cond('MemoryPressure', 'True'), cond('DiskPressure', 'False'), cond('PIDPressure', 'True')], false, [], {
      add: [{ key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/pid-pressure', effect: 'NoSchedule' }],
      remove: [],
    }],
    ['a cordoned node', [cond('Ready', 'True')], true, [], { add: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }], remove: [] }],
    ['leaves NoExecute and foreign taints alone', [cond('Ready', 'True')], false, [unreachableNoExecute, custom], { add: [], remove: [] }],
  ])('%s', (_what, conditions, unschedulable, taints, expected) => {
    expect(planNoScheduleTaints(conditions, unschedulable, taints)).toEqual(expected);
  });
});

describe('applyTaintChange', () => {
  const now = '2025-01-01T00:00:10Z';
  it('stamps added taints, keeps the timeAdded of those already there, and removes by key and effect', () => {
    const existing = [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { ...unreachableNoSchedule, timeAdded: '2025-01-01T00:00:00Z' }];
    const next = applyTaintChange(existing, { add: [unreachableNoSchedule, unreachableNoExecute], remove: [notReadyNoExecute] }, now);
    expect(next).toEqual([...existing, { ...unreachableNoExecute, timeAdded: now }]);
    expect(applyTaintChange(next ?? [], REACHABLE, now)).toEqual(existing);
  });

  it('says when nothing changes', () => {
    expect(applyTaintChange([{ ...unreachableNoExecute }], { add: [unreachableNoExecute], remove: [notReadyNoExecute] }, now)).toBeUndefined();
    expect(applyTaintChange([], REACHABLE, now)).toBeUndefined();
  });
});

describe('NoExecute taints', () => {
  it.each<[string, string, NodeTaint[], string]>([
    ['Unknown, untainted: queued for the rate-limited tainter', 'Unknown', [], 'queue'],
    ['False, untainted: queued', 'False', [], 'queue'],
    ['Unknown with not-ready: swapped at once', 'Unknown', [notReadyNoExecute], 'swap'],
    ['False with unreachable: swapped at once', 'False', [unreachableNoExecute], 'swap'],
    ['True: taints removed', 'True', [unreachableNoExecute], 'reachable'],
  ])('%s', (_what, status, taints, kind) => {
    expect(planNoExecuteAction(status, taints).kind).toBe(kind);
  });

  it('keeps unreachable and not-ready exclusive, as Ready is', () => {
    expect(noExecuteTaintFor('Unknown')).toEqual({ add: [unreachableNoExecute], remove: [notReadyNoExecute] });
    expect(noExecuteTaintFor('False')).toEqual({ add: [notReadyNoExecute], remove: [unreachableNoExecute] });
    expect(noExecuteTaintFor('True')).toBeUndefined();
  });
});
