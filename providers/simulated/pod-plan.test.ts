import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../core/index.ts';
import { planPod, type PodAction } from './pod-plan.ts';

const T0 = Date.parse('2025-03-01T10:00:00Z');

function pod(status: Record<string, unknown> | undefined, extra: { deleting?: boolean; gates?: string[]; containers?: number } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', uid: 'u1', ...(extra.deleting === true ? { deletionTimestamp: '2025-03-01T10:00:05Z' } : {}) },
    spec: {
      nodeName: 'sim-0',
      containers: Array.from({ length: extra.containers ?? 1 }, (_, i) => ({ name: `c${i}`, image: 'nginx' })),
      ...(extra.gates === undefined ? {} : { readinessGates: extra.gates.map((conditionType) => ({ conditionType })) }),
    },
    ...(status === undefined ? {} : { status }),
  };
}

const cond = (type: string, status: string): Record<string, string> => ({ type, status });
const running = (conditions: Record<string, string>[], containers = 1): Record<string, unknown> => ({
  phase: 'Running',
  podIP: '10.0.0.2',
  startTime: '2025-03-01T10:00:00Z',
  containerStatuses: Array.from({ length: containers }, (_, i) => ({ name: `c${i}`, state: { running: { startedAt: '2025-03-01T10:00:00Z' } } })),
  conditions,
});
const notReady = running([cond('ContainersReady', 'False'), cond('Ready', 'False')]);
const ready = running([cond('ContainersReady', 'True'), cond('Ready', 'True')]);

describe('planPod', () => {
  it.each<[string, KubeObject, number, number, number | undefined, PodAction]>([
    ['a new pod starts, ready at once without a startup delay', pod({ phase: 'Pending' }), 0, T0, undefined, { kind: 'start', ready: true }],
    ['a new pod starts not ready with a startup delay', pod({ phase: 'Pending' }), 500, T0, undefined, { kind: 'start', ready: false }],
    ['a pod with no status yet starts', pod(undefined), 0, T0, undefined, { kind: 'start', ready: true }],
    ['a deleting pod is deleted, whatever its state', pod(ready, { deleting: true }), 0, T0, undefined, { kind: 'delete' }],
    ['a deleting pending pod is deleted', pod({ phase: 'Pending' }, { deleting: true }), 0, T0, undefined, { kind: 'delete' }],
    ['a finished pod is left alone', pod({ phase: 'Succeeded' }), 0, T0, undefined, { kind: 'none' }],
    ['a ready pod is left alone', pod(ready), 500, T0 + 10_000, undefined, { kind: 'none' }],
    ['a pod waits for its startup delay (known start)', pod(notReady), 500, T0 + 200, T0, { kind: 'wait', ms: 300 }],
    ['a pod turns ready once the delay passed', pod(notReady), 500, T0 + 500, T0, { kind: 'ready' }],
    ['after a restart the status second counts as its last instant', pod(notReady), 500, T0 + 600, undefined, { kind: 'wait', ms: 899 }],
    ['after a restart a long-due pod turns ready', pod(notReady), 500, T0 + 5_000, undefined, { kind: 'ready' }],
    ['a pod missing a container status starts again', pod(running([]), { containers: 2 }), 0, T0, undefined, { kind: 'start', ready: true }],
    ['a Running pod without an address starts again', pod({ ...ready, podIP: '' }), 0, T0, undefined, { kind: 'start', ready: true }],
    [
      'a ready pod whose readiness gate is unmet stays not ready',
      pod(running([cond('ContainersReady', 'True'), cond('Ready', 'False')]), { gates: ['example.com/lb'] }),
      0,
      T0,
      undefined,
      { kind: 'none' },
    ],
    [
      'a pod whose readiness gate turned True turns ready',
      pod(running([cond('example.com/lb', 'True'), cond('ContainersReady', 'True'), cond('Ready', 'False')]), { gates: ['example.com/lb'] }),
      0,
      T0,
      undefined,
      { kind: 'ready' },
    ],
  ])('%s', (_name, input, podStartupMs, now, startedAtMs, expected) => {
    expect(planPod(input, { podStartupMs, now, startedAtMs })).toEqual(expected);
  });
});
