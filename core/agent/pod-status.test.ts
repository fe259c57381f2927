import { describe, expect, it } from 'vitest';
import { isRecord } from '../api/types/meta.ts';
import { buildPodStatus, type Waiting } from './pod-status.ts';
import { podView } from './pod-view.ts';
import { container, runtimeWith, sandbox, testPod } from './test-fixtures.ts';

type Status = Record<string, unknown>;

function statusOf(spec: Record<string, unknown>, runtime: ReturnType<typeof runtimeWith>, options: { waiting?: [string, Waiting][]; ready?: boolean } = {}): Status {
  return buildPodStatus({
    pod: podView(testPod(spec)),
    runtime,
    waiting: new Map(options.waiting ?? []),
    ready: () => options.ready ?? true,
    started: () => true,
    hostIP: '127.0.0.1',
    runtimeName: 'docker',
    now: new Date('2026-11-26T10:00:00Z'),
  });
}

function first(status: Status, key = 'containerStatuses'): Status {
  const list = status[key];
  const item = Array.isArray(list) ? list[0] : undefined;
  if (!isRecord(item)) throw new Error(`no ${key}`);
  return item;
}

function condition(status: Status, type: string): unknown {
  const list = Array.isArray(status['conditions']) ? status['conditions'].filter(isRecord) : [];
  return list.find((c) => c['type'] === type)?.['status'];
}

describe('buildPodStatus', () => {
  it.each([
    { name: 'nothing yet: Pending, ContainerCreating', runtime: runtimeWith([], []), phase: 'Pending', state: { waiting: { reason: 'ContainerCreating' } }, ready: 'False' },
    { name: 'running and ready: Running', runtime: runtimeWith([sandbox('ready')], [container('app', 0, 'running')]), phase: 'Running', state: { running: { startedAt: '1970-01-01T00:00:02Z' } }, ready: 'True' },
    {
      name: 'exited under Always: Running, terminated shown',
      runtime: runtimeWith([sandbox('ready')], [container('app', 0, 'exited', 1)]),
      phase: 'Running',
      state: { terminated: { exitCode: 1, reason: 'Error', startedAt: '1970-01-01T00:00:02Z', finishedAt: '1970-01-01T00:00:03Z', containerID: 'docker://app-0' } },
      ready: 'False',
    },
  ])('$name', ({ runtime, phase, state, ready }) => {
    const status = statusOf({}, runtime);
    expect(status['phase']).toBe(phase);
    expect(first(status)['state']).toEqual(state);
    expect(condition(status, 'Ready')).toBe(ready);
  });

  it('shows CrashLoopBackOff with the last termination and the restart count', () => {
    const runtime = runtimeWith([sandbox('ready')], [container('app', 2, 'exited', 1), container('app', 1, 'exited', 1)]);
    const status = statusOf({}, runtime, { waiting: [['app', { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=app pod=web_default(uid-1)' }]] });
    const app = first(status);
    expect(app['state']).toEqual({ waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=app pod=web_default(uid-1)' } });
    expect(app['lastState']).toMatchObject({ terminated: { exitCode: 1, containerID: 'docker://app-2' } });
    expect(app['restartCount']).toBe(2);
    expect(status['phase']).toBe('Running');
  });

  it('reports a running container that fails readiness as not ready', () => {
    const status = statusOf({}, runtimeWith([sandbox('ready')], [container('app', 0, 'running')]), { ready: false });
    expect(first(status)['ready']).toBe(false);
    expect(condition(status, 'ContainersReady')).toBe('False');
    expect(status['podIP']).toBe('172.17.0.5');
  });

  it.each([
    { policy: 'Never', exit: 0, phase: 'Succeeded' },
    { policy: 'Never', exit: 3, phase: 'Failed' },
    { policy: 'OnFailure', exit: 0, phase: 'Succeeded' },
  ])('restartPolicy $policy, exit $exit: $phase', ({ policy, exit, phase }) => {
    const status = statusOf({ restartPolicy: policy }, runtimeWith([sandbox('notready')], [container('app', 0, 'exited', exit)]));
    expect(status['phase']).toBe(phase);
    expect(condition(status, 'Ready')).toBe('False');
  });

  it('keeps app containers PodInitializing while an init container runs', () => {
    const status = statusOf({ initContainers: [{ name: 'init', image: 'x' }] }, runtimeWith([sandbox('ready')], [container('init', 0, 'running')]));
    expect(status['phase']).toBe('Pending');
    expect(first(status)['state']).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(condition(status, 'Initialized')).toBe('False');
    expect(first(status, 'initContainerStatuses')['state']).toMatchObject({ running: {} });
  });

  it('fails a Never pod whose init container failed', () => {
    const status = statusOf({ restartPolicy: 'Never', initContainers: [{ name: 'init', image: 'x' }] }, runtimeWith([sandbox('ready')], [container('init', 0, 'exited', 1)]));
    expect(status['phase']).toBe('Failed');
  });
});
