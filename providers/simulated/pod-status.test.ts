import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../core/index.ts';
import { imageIdOf, readyPodStatus, runningPodStatus } from './pod-status.ts';

const NOW = new Date('2025-03-01T10:00:00.400Z');

function pod(spec: Record<string, unknown>, status: Record<string, unknown> = { phase: 'Pending', qosClass: 'BestEffort' }): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'uid-1' }, spec: { nodeName: 'sim-0', ...spec }, status };
}

const types = (status: Record<string, unknown>): unknown[] => (status['conditions'] as Record<string, unknown>[]).map((c) => [c['type'], c['status']]);

describe('runningPodStatus', () => {
  it('runs every container and reports the addresses, keeping what others set', () => {
    const status = runningPodStatus(pod({ containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] }), { hostIp: '172.16.0.2', podIp: '10.0.0.2', now: NOW, containersReady: true });
    expect(status).toMatchObject({
      phase: 'Running',
      qosClass: 'BestEffort',
      hostIP: '172.16.0.2',
      hostIPs: [{ ip: '172.16.0.2' }],
      podIP: '10.0.0.2',
      podIPs: [{ ip: '10.0.0.2' }],
      startTime: '2025-03-01T10:00:00Z',
    });
    expect(status['containerStatuses']).toEqual([
      {
        name: 'nginx',
        state: { running: { startedAt: '2025-03-01T10:00:00Z' } },
        lastState: {},
        ready: true,
        restartCount: 0,
        image: 'nginx:1.14.2',
        imageID: imageIdOf('nginx:1.14.2'),
        containerID: expect.stringMatching(/^simulated:\/\/[0-9a-f]{64}$/),
        started: true,
      },
    ]);
    expect(types(status)).toEqual([
      ['PodReadyToStartContainers', 'True'],
      ['Initialized', 'True'],
      ['Ready', 'True'],
      ['ContainersReady', 'True'],
      ['PodScheduled', 'True'],
    ]);
  });

  it('says which containers are not ready yet, as kubelet does', () => {
    const status = runningPodStatus(pod({ containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] }), { hostIp: 'h', podIp: 'p', now: NOW, containersReady: false });
    const conditions = status['conditions'] as Record<string, unknown>[];
    expect(conditions.find((c) => c['type'] === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [a b]' });
    expect(conditions.find((c) => c['type'] === 'ContainersReady')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
  });

  it('completes init containers and runs sidecars', () => {
    const status = runningPodStatus(
      pod({ initContainers: [{ name: 'setup', image: 'busybox' }, { name: 'proxy', image: 'envoy', restartPolicy: 'Always' }], containers: [{ name: 'app', image: 'app' }] }),
      { hostIp: 'h', podIp: 'p', now: NOW, containersReady: true },
    );
    expect(status['initContainerStatuses']).toMatchObject([
      { name: 'setup', ready: true, started: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      { name: 'proxy', ready: true, started: true, state: { running: { startedAt: '2025-03-01T10:00:00Z' } } },
    ]);
  });

  it("keeps other components' conditions first and the scheduler's transition time", () => {
    const previous = {
      phase: 'Pending',
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: '2025-03-01T09:59:00Z' },
        { type: 'DisruptionTarget', status: 'False', lastTransitionTime: '2025-03-01T09:00:00Z' },
      ],
    };
    const status = runningPodStatus(pod({ containers: [{ name: 'a', image: 'x' }] }, previous), { hostIp: 'h', podIp: 'p', now: NOW, containersReady: true });
    const conditions = status['conditions'] as Record<string, unknown>[];
    expect(conditions[0]).toEqual({ type: 'DisruptionTarget', status: 'False', lastTransitionTime: '2025-03-01T09:00:00Z' });
    expect(conditions.find((c) => c['type'] === 'PodScheduled')).toMatchObject({ lastTransitionTime: '2025-03-01T09:59:00Z' });
  });

  it('holds Ready back while a readiness gate is unmet', () => {
    const status = runningPodStatus(pod({ containers: [{ name: 'a', image: 'x' }], readinessGates: [{ conditionType: 'example.com/lb' }] }), {
      hostIp: 'h',
      podIp: 'p',
      now: NOW,
      containersReady: true,
    });
    const conditions = status['conditions'] as Record<string, unknown>[];
    expect(conditions.find((c) => c['type'] === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ReadinessGatesNotReady',
      message: 'corresponding condition of pod readiness gate "example.com/lb" does not exist.',
    });
    expect(conditions.find((c) => c['type'] === 'ContainersReady')).toMatchObject({ status: 'True' });
  });
});

describe('readyPodStatus', () => {
  it('turns containers and the pod ready, leaving the rest', () => {
    const started = pod({ containers: [{ name: 'a', image: 'x' }] });
    started['status'] = runningPodStatus(started, { hostIp: 'h', podIp: '10.0.0.9', now: NOW, containersReady: false });
    const later = new Date('2025-03-01T10:00:02Z');
    const status = readyPodStatus(started, later);
    expect(status['podIP']).toBe('10.0.0.9');
    expect(status['containerStatuses']).toMatchObject([{ name: 'a', ready: true }]);
    const conditions = status['conditions'] as Record<string, unknown>[];
    expect(conditions.find((c) => c['type'] === 'Ready')).toEqual({ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-03-01T10:00:02Z' });
    expect(conditions.find((c) => c['type'] === 'Initialized')).toMatchObject({ lastTransitionTime: '2025-03-01T10:00:00Z' });
  });
});

describe('imageIdOf', () => {
  it.each([
    ['nginx:1.14.2', /^nginx@sha256:[0-9a-f]{64}$/],
    ['registry.local:5000/team/app:v1', /^registry\.local:5000\/team\/app@sha256:[0-9a-f]{64}$/],
    ['busybox', /^busybox@sha256:[0-9a-f]{64}$/],
    ['nginx@sha256:abc', /^nginx@sha256:abc$/],
  ])('%s resolves to %s', (image, pattern) => {
    expect(imageIdOf(image)).toMatch(pattern);
  });
});
