import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { podTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');
const ago = (minutes: number): string => new Date(now.getTime() - minutes * 60_000).toISOString();

interface PodParts {
  metadata?: KubeObject['metadata'];
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

function pod({ metadata, spec, status }: PodParts): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(10), ...metadata },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
    status: { phase: 'Running', ...status },
  };
}

const running = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name,
  ready: true,
  restartCount: 0,
  started: true,
  state: { running: { startedAt: ago(9) } },
  ...extra,
});
const waiting = (name: string, reason: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name,
  ready: false,
  restartCount: 0,
  state: { waiting: { reason } },
  ...extra,
});
const terminated = (name: string, state: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name,
  ready: false,
  restartCount: 0,
  state: { terminated: { finishedAt: ago(1), ...state } },
  ...extra,
});
const twoContainers = { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] };

describe('podTable columns', () => {
  it('matches printPod: names, types and wide priorities', () => {
    expect(podTable.columns.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Ready', 'string', '', 0],
      ['Status', 'string', '', 0],
      ['Restarts', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['IP', 'string', '', 1],
      ['Node', 'string', '', 1],
      ['Nominated Node', 'string', '', 1],
      ['Readiness Gates', 'string', '', 1],
    ]);
  });
});

describe('podTable READY / STATUS / RESTARTS', () => {
  it.each<[string, PodParts, string, string, string]>([
    ['running', { status: { containerStatuses: [running('app')] } }, '1/1', 'Running', '0'],
    [
      'one of two ready',
      { spec: twoContainers, status: { containerStatuses: [running('a'), running('b', { ready: false })] } },
      '1/2',
      'Running',
      '0',
    ],
    ['pending without statuses', { status: { phase: 'Pending' } }, '0/1', 'Pending', '0'],
    [
      'container creating',
      { status: { phase: 'Pending', containerStatuses: [waiting('app', 'ContainerCreating')] } },
      '0/1',
      'ContainerCreating',
      '0',
    ],
    [
      'crash loop with last restart time',
      {
        status: {
          containerStatuses: [
            waiting('app', 'CrashLoopBackOff', {
              restartCount: 3,
              lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(5) } },
            }),
          ],
        },
      },
      '0/1',
      'CrashLoopBackOff',
      '3 (5m ago)',
    ],
    [
      'restarts sum over containers, latest restart wins',
      {
        spec: twoContainers,
        status: {
          containerStatuses: [
            running('a', { restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: ago(90) } } }),
            running('b', { restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: ago(30) } } }),
          ],
        },
      },
      '2/2',
      'Running',
      '3 (30m ago)',
    ],
    [
      'restarts without a known time',
      { status: { containerStatuses: [running('app', { restartCount: 4 })] } },
      '1/1',
      'Running',
      '4',
    ],
    [
      'completed',
      { status: { phase: 'Succeeded', containerStatuses: [terminated('app', { exitCode: 0, reason: 'Completed' })] } },
      '0/1',
      'Completed',
      '0',
    ],
    [
      'error',
      { status: { phase: 'Failed', containerStatuses: [terminated('app', { exitCode: 1, reason: 'Error' })] } },
      '0/1',
      'Error',
      '0',
    ],
    [
      'terminated without reason: exit code',
      { status: { containerStatuses: [terminated('app', { exitCode: 137 })] } },
      '0/1',
      'ExitCode:137',
      '0',
    ],
    [
      'terminated without reason: signal',
      { status: { containerStatuses: [terminated('app', { exitCode: 137, signal: 9 })] } },
      '0/1',
      'Signal:9',
      '0',
    ],
    [
      'first container completed, second running, pod ready',
      {
        spec: twoContainers,
        status: {
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [terminated('a', { exitCode: 0, reason: 'Completed' }), running('b')],
        },
      },
      '1/2',
      'Running',
      '0',
    ],
    [
      'first container completed, second running, pod not ready',
      {
        spec: twoContainers,
        status: {
          conditions: [{ type: 'Ready', status: 'False' }],
          containerStatuses: [terminated('a', { exitCode: 0, reason: 'Completed' }), running('b')],
        },
      },
      '1/2',
      'NotReady',
      '0',
    ],
    [
      'evicted keeps the status reason',
      { status: { phase: 'Failed', reason: 'Evicted', message: 'low on memory' } },
      '0/1',
      'Evicted',
      '0',
    ],
    [
      'scheduling gated',
      {
        spec: { schedulingGates: [{ name: 'example.com/gate' }] },
        status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] },
      },
      '0/1',
      'SchedulingGated',
      '0',
    ],
    [
      'terminating',
      { metadata: { name: 'web', deletionTimestamp: ago(0) }, status: { containerStatuses: [running('app')] } },
      '1/1',
      'Terminating',
      '0',
    ],
    [
      'deleted but already succeeded stays Completed',
      {
        metadata: { name: 'web', deletionTimestamp: ago(0) },
        status: { phase: 'Succeeded', containerStatuses: [terminated('app', { exitCode: 0, reason: 'Completed' })] },
      },
      '0/1',
      'Completed',
      '0',
    ],
    [
      'deleted on a lost node',
      {
        metadata: { name: 'web', deletionTimestamp: ago(0) },
        status: { reason: 'NodeLost', containerStatuses: [running('app')] },
      },
      '1/1',
      'Unknown',
      '0',
    ],
  ])('%s', (_name, parts, ready, status, restarts) => {
    const cells = podTable.cells(pod(parts), now);
    expect(cells.slice(1, 5)).toEqual([ready, status, restarts, '10m']);
  });
});

describe('podTable init containers', () => {
  const inits = (...names: string[]) => ({ initContainers: names.map((name) => ({ name, image: 'busybox' })) });

  it.each<[string, PodParts, string, string, string]>([
    [
      'first init running',
      { spec: inits('setup'), status: { phase: 'Pending', initContainerStatuses: [running('setup', { ready: false })] } },
      '0/1',
      'Init:0/1',
      '0',
    ],
    [
      'init waiting on PodInitializing counts as progress',
      { spec: inits('setup'), status: { phase: 'Pending', initContainerStatuses: [waiting('setup', 'PodInitializing')] } },
      '0/1',
      'Init:0/1',
      '0',
    ],
    [
      'second of two init containers',
      {
        spec: inits('one', 'two'),
        status: {
          phase: 'Pending',
          initContainerStatuses: [terminated('one', { exitCode: 0, reason: 'Completed' }), running('two', { ready: false })],
          containerStatuses: [waiting('app', 'PodInitializing')],
        },
      },
      '0/1',
      'Init:1/2',
      '0',
    ],
    [
      'init crash loop counts init restarts',
      {
        spec: inits('setup'),
        status: {
          phase: 'Pending',
          initContainerStatuses: [
            waiting('setup', 'CrashLoopBackOff', {
              restartCount: 2,
              lastState: { terminated: { exitCode: 1, finishedAt: ago(3) } },
            }),
          ],
        },
      },
      '0/1',
      'Init:CrashLoopBackOff',
      '2 (3m ago)',
    ],
    [
      'init failed with reason',
      { spec: inits('setup'), status: { phase: 'Pending', initContainerStatuses: [terminated('setup', { exitCode: 1, reason: 'Error' })] } },
      '0/1',
      'Init:Error',
      '0',
    ],
    [
      'init failed without reason',
      { spec: inits('setup'), status: { phase: 'Pending', initContainerStatuses: [terminated('setup', { exitCode: 2 })] } },
      '0/1',
      'Init:ExitCode:2',
      '0',
    ],
    [
      'init killed by signal',
      { spec: inits('setup'), status: { phase: 'Pending', initContainerStatuses: [terminated('setup', { exitCode: 137, signal: 9 })] } },
      '0/1',
      'Init:Signal:9',
      '0',
    ],
    [
      'all init done: app containers decide, init restarts dropped',
      {
        spec: inits('setup'),
        status: {
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [terminated('setup', { exitCode: 0, reason: 'Completed' }, { restartCount: 1 })],
          containerStatuses: [running('app')],
        },
      },
      '1/1',
      'Running',
      '0',
    ],
    [
      'started sidecar counts as a ready container',
      {
        spec: { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] },
        status: {
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [
            running('proxy', { restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: ago(2) } } }),
          ],
          containerStatuses: [running('app')],
        },
      },
      '2/2',
      'Running',
      '1 (2m ago)',
    ],
    [
      'sidecar not started yet blocks initialization',
      {
        spec: { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] },
        status: {
          phase: 'Pending',
          initContainerStatuses: [running('proxy', { started: false, ready: false })],
          containerStatuses: [waiting('app', 'PodInitializing')],
        },
      },
      '0/2',
      'Init:0/1',
      '0',
    ],
  ])('%s', (_name, parts, ready, status, restarts) => {
    const cells = podTable.cells(pod(parts), now);
    expect(cells.slice(1, 4)).toEqual([ready, status, restarts]);
  });
});

describe('podTable wide cells', () => {
  it.each<[string, PodParts, string[]]>([
    ['unscheduled', { status: { phase: 'Pending' } }, ['<none>', '<none>', '<none>', '<none>']],
    [
      'scheduled with IPs',
      {
        spec: { nodeName: 'node-1' },
        status: { podIP: '10.244.0.5', podIPs: [{ ip: '10.244.0.5' }, { ip: 'fd00::5' }] },
      },
      ['10.244.0.5', 'node-1', '<none>', '<none>'],
    ],
    ['podIP only', { status: { podIP: '10.0.0.9' } }, ['10.0.0.9', '<none>', '<none>', '<none>']],
    [
      'nominated and readiness gates',
      {
        spec: { readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] },
        status: {
          phase: 'Pending',
          nominatedNodeName: 'node-2',
          conditions: [
            { type: 'example.com/lb', status: 'True' },
            { type: 'example.com/dns', status: 'False' },
          ],
        },
      },
      ['<none>', '<none>', 'node-2', '1/2'],
    ],
  ])('%s', (_name, parts, wide) => {
    const cells = podTable.cells(pod(parts), now);
    expect(cells).toHaveLength(podTable.columns.length);
    expect(cells.slice(5)).toEqual(wide);
  });

  it('prints the full row of a typical pod', () => {
    const cells = podTable.cells(
      pod({
        spec: { nodeName: 'node-1' },
        status: { podIPs: [{ ip: '10.244.1.7' }], containerStatuses: [running('app')] },
      }),
      now,
    );
    expect(cells).toEqual(['web', '1/1', 'Running', '0', '10m', '10.244.1.7', 'node-1', '<none>', '<none>']);
  });
});
