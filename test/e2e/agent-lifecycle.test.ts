/**
 * Issue 4 §3: init containers run in order before the app; restart policies
 * end pods as Kubernetes does; deletion is graceful (preStop, SIGTERM, then
 * the object goes); a missing image is ErrImagePull then ImagePullBackOff.
 */
import { describe, expect, it } from 'vitest';
import { isRecord } from '../../core/api/types/meta.ts';
import { Resources } from '../../core/client/resources.ts';
import { dockerAvailable, TEST_IMAGE } from '../support/docker.ts';
import { podState, useAgentCluster } from './support/agents.ts';
import { eventually } from './support/eventually.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';

const docker = await dockerAvailable();

function pod(name: string, spec: Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { terminationGracePeriodSeconds: 5, ...spec } });
}

const app = (command: string[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name: 'app', image: TEST_IMAGE, imagePullPolicy: 'Never', command, ...extra });

describe.skipIf(!docker)('pod lifecycle', () => {
  const env = useAgentCluster({ crashLoopBackOff: { initialSeconds: 1, maxSeconds: 2 } });

  it('runs init containers in order, then the app, sharing an emptyDir', async () => {
    const spec = {
      restartPolicy: 'Never',
      initContainers: [
        { name: 'first', image: TEST_IMAGE, imagePullPolicy: 'Never', command: ['sh', '-c', 'echo first >> /work/order'], volumeMounts: [{ name: 'work', mountPath: '/work' }] },
        { name: 'second', image: TEST_IMAGE, imagePullPolicy: 'Never', command: ['sh', '-c', 'echo second >> /work/order'], volumeMounts: [{ name: 'work', mountPath: '/work' }] },
      ],
      containers: [app(['sh', '-c', 'cat /work/order; echo app'], { volumeMounts: [{ name: 'work', mountPath: '/work' }] })],
      volumes: [{ name: 'work', emptyDir: {} }],
    };
    await kubectlOk(env.cluster.kubeconfig, ['apply', '-f', '-'], { input: pod('ordered', spec) });
    await eventually(async () => expect((await podState(env.cluster, 'ordered')).phase).toBe('Succeeded'), 30_000, 100);
    expect(await kubectlOk(env.cluster.kubeconfig, ['logs', 'ordered'])).toBe('first\nsecond\napp\n');
    expect(await kubectlOk(env.cluster.kubeconfig, ['get', 'pod', 'ordered'])).toMatch(/ordered\s+0\/1\s+Completed\s+0/);
  }, 60_000);

  it.each([
    { policy: 'Never', exit: 3, phase: 'Failed', restarts: 0 },
    { policy: 'OnFailure', exit: 0, phase: 'Succeeded', restarts: 0 },
  ])('restartPolicy $policy with exit $exit ends $phase', async ({ policy, exit, phase, restarts }) => {
    const name = `ends-${policy.toLowerCase()}`;
    await kubectlOk(env.cluster.kubeconfig, ['apply', '-f', '-'], { input: pod(name, { restartPolicy: policy, containers: [app(['sh', '-c', `exit ${exit}`])] }) });
    const state = await eventually(async () => {
      const s = await podState(env.cluster, name);
      if (s.phase !== phase) throw new Error(s.phase);
      return s;
    }, 30_000, 100);
    expect(state.container['restartCount']).toBe(restarts);
    expect(state.container['state']).toMatchObject({ terminated: { exitCode: exit, reason: exit === 0 ? 'Completed' : 'Error' } });
  }, 60_000);

  it('restarts a failing container under OnFailure until it succeeds', async () => {
    // Fails on its first run only: the marker survives in an emptyDir.
    const spec = {
      restartPolicy: 'OnFailure',
      containers: [app(['sh', '-c', 'if [ -f /w/once ]; then exit 0; fi; touch /w/once; exit 1'], { volumeMounts: [{ name: 'w', mountPath: '/w' }] })],
      volumes: [{ name: 'w', emptyDir: {} }],
    };
    await kubectlOk(env.cluster.kubeconfig, ['apply', '-f', '-'], { input: pod('retry', spec) });
    const state = await eventually(async () => {
      const s = await podState(env.cluster, 'retry');
      if (s.phase !== 'Succeeded') throw new Error(s.phase);
      return s;
    }, 30_000, 100);
    expect(state.container['restartCount']).toBe(1);
  }, 60_000);

  it('terminates gracefully: preStop, then SIGTERM, then the pod is gone', async () => {
    const spec = {
      containers: [
        app(['sh', '-c', 'trap "echo got TERM >> /w/log; exit 0" TERM; while true; do sleep 0.2; done'], {
          lifecycle: { preStop: { exec: { command: ['sh', '-c', 'echo preStop >> /w/log'] } } },
          volumeMounts: [{ name: 'w', mountPath: '/w' }],
        }),
        { name: 'watcher', image: TEST_IMAGE, imagePullPolicy: 'Never', command: ['sleep', '3600'], volumeMounts: [{ name: 'w', mountPath: '/w' }] },
      ],
      volumes: [{ name: 'w', hostPath: { path: `${env.cluster.dataDir}/graceful-${Date.now()}`, type: 'DirectoryOrCreate' } }],
    };
    await kubectlOk(env.cluster.kubeconfig, ['apply', '-f', '-'], { input: pod('graceful', spec) });
    await eventually(async () => expect((await podState(env.cluster, 'graceful')).phase).toBe('Running'), 30_000, 100);
    const volumes = isRecord((await podState(env.cluster, 'graceful')).pod['spec']) ? (await podState(env.cluster, 'graceful')).pod['spec'] : {};
    const hostDir = JSON.stringify(volumes).match(/"path":"([^"]+)"/)?.[1] ?? '';
    const deletion = await kubectl(env.cluster.kubeconfig, ['delete', 'pod', 'graceful', '--timeout=60s']);
    expect(deletion.code).toBe(0);
    expect((await kubectl(env.cluster.kubeconfig, ['get', 'pod', 'graceful'])).stderr).toContain('NotFound');
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(`${hostDir}/log`, 'utf8')).toBe('preStop\ngot TERM\n');
  }, 60_000);

  it('reports a missing image as ErrImagePull, then ImagePullBackOff', async () => {
    // Every status the pod goes through, from a watch: ErrImagePull shows only until the next sync.
    const reasons = new Set<string>();
    const watch = await env.cluster.plane.client.watch(Resources.pods, 'default', { resourceVersion: '0', fieldSelector: 'metadata.name=noimage' }, (_type, object) => {
      const statuses = isRecord(object['status']) && Array.isArray(object['status']['containerStatuses']) ? object['status']['containerStatuses'].filter(isRecord) : [];
      const waiting = isRecord(statuses[0]?.['state']) ? statuses[0]['state']['waiting'] : undefined;
      if (isRecord(waiting) && typeof waiting['reason'] === 'string') reasons.add(waiting['reason']);
    });
    try {
      await kubectlOk(env.cluster.kubeconfig, ['apply', '-f', '-'], { input: pod('noimage', { containers: [{ name: 'app', image: 'kubernel/does-not-exist:1.0', imagePullPolicy: 'IfNotPresent', command: ['true'] }] }) });
      await eventually(() => expect([...reasons].sort()).toEqual(['ErrImagePull', 'ImagePullBackOff']), 40_000, 100);
    } finally {
      watch.close();
    }
    const events = await kubectlOk(env.cluster.kubeconfig, ['get', 'events', '--field-selector', 'involvedObject.name=noimage', '-o', 'jsonpath={.items[*].message}']);
    expect(events).toContain('Failed to pull image "kubernel/does-not-exist:1.0"');
    expect(events).toContain('Back-off pulling image "kubernel/does-not-exist:1.0"');
  }, 60_000);
});
