import { describe, expect, it } from 'vitest';
import { computePodActions, SPEC_HASH_LABEL, type ContainerHealth } from './pod-actions.ts';
import { podView } from './pod-view.ts';
import { container, runtimeWith, sandbox, testPod } from './test-fixtures.ts';

const healthy: ContainerHealth = { livenessFailed: () => false, startupFailed: () => false, specHash: () => 'h1' };
const hashed = { [SPEC_HASH_LABEL]: 'h1' };

interface Row {
  name: string;
  spec?: Record<string, unknown>;
  meta?: Record<string, unknown>;
  phase?: string;
  runtime: ReturnType<typeof runtimeWith>;
  health?: Partial<ContainerHealth>;
  expected: { killPod: boolean; createSandbox: boolean; init?: string; start: string[]; kill: string[] };
}

const twoInits = { initContainers: [{ name: 'init-a', image: 'x' }, { name: 'init-b', image: 'x' }] };

const rows: Row[] = [
  { name: 'a new pod gets a sandbox and its containers', runtime: runtimeWith([], []), expected: { killPod: false, createSandbox: true, start: ['app'], kill: [] } },
  { name: 'a new pod with init containers starts the first init container only', spec: twoInits, runtime: runtimeWith([], []), expected: { killPod: false, createSandbox: true, init: 'init-a', start: [], kill: [] } },
  { name: 'a running healthy container is left alone', runtime: runtimeWith([sandbox('ready')], [container('app', 0, 'running', undefined, hashed)]), expected: { killPod: false, createSandbox: false, start: [], kill: [] } },
  { name: 'an exited container restarts under Always', runtime: runtimeWith([sandbox('ready')], [container('app', 0, 'exited', 1, hashed)]), expected: { killPod: false, createSandbox: false, start: ['app'], kill: [] } },
  { name: 'a succeeded container stays down under OnFailure, and the pod is stopped', spec: { restartPolicy: 'OnFailure' }, runtime: runtimeWith([sandbox('ready')], [container('app', 0, 'exited', 0, hashed)]), expected: { killPod: true, createSandbox: false, start: [], kill: [] } },
  { name: 'a failed container restarts under OnFailure', spec: { restartPolicy: 'OnFailure' }, runtime: runtimeWith([sandbox('ready')], [container('app', 0, 'exited', 2, hashed)]), expected: { killPod: false, createSandbox: false, start: ['app'], kill: [] } },
  { name: 'a failed container stays down under Never', spec: { restartPolicy: 'Never' }, runtime: runtimeWith([sandbox('ready')], [container('app', 0, 'exited', 2, hashed)]), expected: { killPod: true, createSandbox: false, start: [], kill: [] } },
  { name: 'a liveness failure kills and restarts the container', runtime: runtimeWith([sandbox('ready')], [container('app', 0, 'running', undefined, hashed)]), health: { livenessFailed: () => true }, expected: { killPod: false, createSandbox: false, start: ['app'], kill: ['app-0'] } },
  { name: 'a changed spec (set image) restarts the container', runtime: runtimeWith([sandbox('ready')], [container('app', 0, 'running', undefined, { [SPEC_HASH_LABEL]: 'old' })]), expected: { killPod: false, createSandbox: false, start: ['app'], kill: ['app-0'] } },
  { name: 'a dead sandbox is replaced and every container starts again', runtime: runtimeWith([sandbox('notready')], [container('app', 0, 'exited', 137, hashed)]), expected: { killPod: true, createSandbox: true, start: ['app'], kill: [] } },
  { name: 'a dead sandbox of a Never pod that ran is not replaced', spec: { restartPolicy: 'Never' }, runtime: runtimeWith([sandbox('notready')], [container('app', 0, 'exited', 0, hashed)]), expected: { killPod: true, createSandbox: false, start: [], kill: [] } },
  { name: 'the second init container follows the first one that succeeded', spec: twoInits, runtime: runtimeWith([sandbox('ready')], [container('init-a', 0, 'exited', 0)]), expected: { killPod: false, createSandbox: false, init: 'init-b', start: [], kill: [] } },
  { name: 'a running init container is waited for', spec: twoInits, runtime: runtimeWith([sandbox('ready')], [container('init-a', 0, 'running')]), expected: { killPod: false, createSandbox: false, start: [], kill: [] } },
  { name: 'a failed init container is retried under Always', spec: twoInits, runtime: runtimeWith([sandbox('ready')], [container('init-a', 0, 'exited', 1)]), expected: { killPod: false, createSandbox: false, init: 'init-a', start: [], kill: [] } },
  { name: 'a failed init container fails a Never pod', spec: { ...twoInits, restartPolicy: 'Never' }, runtime: runtimeWith([sandbox('ready')], [container('init-a', 0, 'exited', 1)]), expected: { killPod: true, createSandbox: false, start: [], kill: [] } },
  { name: 'after the init containers, the app containers start', spec: twoInits, runtime: runtimeWith([sandbox('ready')], [container('init-a', 0, 'exited', 0), container('init-b', 0, 'exited', 0)]), expected: { killPod: false, createSandbox: false, start: ['app'], kill: [] } },
  { name: 'a pod being deleted is killed', meta: { deletionTimestamp: '2026-01-01T00:00:00Z' }, runtime: runtimeWith([sandbox('ready')], [container('app', 0, 'running', undefined, hashed)]), expected: { killPod: true, createSandbox: false, start: [], kill: [] } },
  { name: 'a pod in a terminal phase never starts again', phase: 'Succeeded', runtime: runtimeWith([], []), expected: { killPod: false, createSandbox: false, start: [], kill: [] } },
];

describe('computePodActions', () => {
  it.each(rows)('$name', ({ spec, meta, phase, runtime, health, expected }) => {
    const pod = podView(testPod(spec ?? {}, meta ?? {}, phase === undefined ? undefined : { phase }));
    const actions = computePodActions(pod, runtime, { ...healthy, ...health });
    expect({
      killPod: actions.killPod,
      createSandbox: actions.createSandbox,
      ...(actions.initContainerToStart === undefined ? {} : { init: actions.initContainerToStart.name }),
      start: actions.containersToStart.map((c) => c.name),
      kill: actions.containersToKill.map((k) => k.container.id),
    }).toEqual(expected);
  });
});
