import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types/meta.ts';
import { parseConfig } from '../../kernel/config.ts';
import { withDisruptionTarget } from './evict-pod.ts';
import { DEFAULT_NODE_LIFECYCLE_OPTIONS } from './options.ts';
import { notReadyPodStatus } from './pod-readiness.ts';

const NOW = '2025-01-01T00:01:00Z';

function pod(conditions: unknown[]): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, status: { phase: 'Running', conditions } };
}

describe('notReadyPodStatus (MarkPodsNotReady)', () => {
  it('turns Ready False with a new transition time, keeping reason, message and the other conditions', () => {
    const scheduled = { type: 'PodScheduled', status: 'True' };
    const status = notReadyPodStatus(pod([scheduled, { type: 'Ready', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z' }]), NOW);
    expect(status).toEqual({ phase: 'Running', conditions: [scheduled, { type: 'Ready', status: 'False', lastTransitionTime: NOW }] });
  });

  it.each([
    ['already not ready', [{ type: 'Ready', status: 'False' }]],
    ['without a Ready condition', [{ type: 'PodScheduled', status: 'True' }]],
  ])('writes nothing for a pod %s', (_what, conditions) => {
    expect(notReadyPodStatus(pod(conditions), NOW)).toBeUndefined();
  });
});

describe('withDisruptionTarget', () => {
  it('adds the taint manager condition once', () => {
    const now = Date.parse(NOW);
    const status = withDisruptionTarget(pod([]), now);
    expect(status?.['conditions']).toEqual([
      { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: NOW },
    ]);
    expect(withDisruptionTarget({ ...pod([]), status }, now + 5000)).toBeUndefined();
  });
});

describe('controllers.nodeLifecycle in kubernel.yaml', () => {
  it('defaults to the same values the controller uses on its own', async () => {
    expect((await parseConfig('')).controllers.nodeLifecycle).toEqual(DEFAULT_NODE_LIFECYCLE_OPTIONS);
    expect((await parseConfig('controllers:\n  nodeLifecycle:\n    nodeMonitorGracePeriodSeconds: 1.5\n')).controllers.nodeLifecycle).toEqual({
      ...DEFAULT_NODE_LIFECYCLE_OPTIONS,
      nodeMonitorGracePeriodSeconds: 1.5,
    });
  });

  it('refuses a misspelt key by its path', async () => {
    await expect(parseConfig('controllers:\n  nodeLifecycle:\n    gracePeriod: 5\n')).rejects.toThrow(/controllers\.nodeLifecycle/);
  });
});
