/**
 * Acceptance (issue 4): containers heal. A container killed behind the
 * agent's back restarts; a failing liveness probe restarts it; a failing
 * readiness probe turns the pod NotReady; a crashing container shows
 * CrashLoopBackOff with growing delays (back-off shortened to 1 s .. 4 s).
 */
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { isRecord } from '../../core/api/types/meta.ts';
import { dockerAvailable, TEST_IMAGE } from '../support/docker.ts';
import { podState, useAgentCluster } from './support/agents.ts';
import { eventually } from './support/eventually.ts';
import { kubectlOk } from './support/kubectl.ts';

const docker = await dockerAvailable();

function pod(name: string, container: Record<string, unknown>, restartPolicy = 'Always'): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { restartPolicy, terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: TEST_IMAGE, imagePullPolicy: 'Never', ...container }] },
  });
}

function dockerId(containerID: unknown): string {
  return String(containerID).replace(/^docker:\/\//, '');
}

describe.skipIf(!docker)('self-healing containers', () => {
  const env = useAgentCluster({ crashLoopBackOff: { initialSeconds: 1, maxSeconds: 4 } });

  it('restarts a container killed with docker kill, and counts the restart', async () => {
    await kubectlOk(env.cluster.kubeconfig, ['apply', '-f', '-'], { input: pod('killed', { command: ['sleep', '3600'] }) });
    const first = await eventually(async () => {
      const state = await podState(env.cluster, 'killed');
      if (!isRecord(state.container['state']) || !isRecord(state.container['state']['running'])) throw new Error('not running');
      return state;
    }, 30_000, 100);
    await new Docker().getContainer(dockerId(first.container['containerID'])).kill();
    const second = await eventually(async () => {
      const state = await podState(env.cluster, 'killed');
      if (state.container['restartCount'] !== 1 || !isRecord(state.container['state']) || !isRecord(state.container['state']['running'])) throw new Error('not restarted');
      return state;
    }, 30_000, 100);
    expect(second.container['containerID']).not.toBe(first.container['containerID']);
    expect(second.container['lastState']).toMatchObject({ terminated: { exitCode: 137 } });
  }, 60_000);

  it('restarts a container whose liveness probe fails', async () => {
    const liveness = { exec: { command: ['cat', '/tmp/alive'] }, periodSeconds: 1, failureThreshold: 2 };
    await kubectlOk(env.cluster.kubeconfig, ['apply', '-f', '-'], { input: pod('unlively', { command: ['sh', '-c', 'touch /tmp/alive; sleep 2; rm /tmp/alive; sleep 3600'], livenessProbe: liveness }) });
    await eventually(async () => {
      const state = await podState(env.cluster, 'unlively');
      if (!(Number(state.container['restartCount']) >= 1)) throw new Error('no restart yet');
    }, 40_000, 200);
    const events = await kubectlOk(env.cluster.kubeconfig, ['get', 'events', '--field-selector', 'involvedObject.name=unlively', '-o', 'jsonpath={.items[*].message}']);
    expect(events).toContain('Liveness probe failed');
    expect(events).toContain('Container app failed liveness probe, will be restarted');
  }, 60_000);

  it('turns a pod NotReady while its readiness probe fails, and Ready when it passes', async () => {
    const readiness = { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 1, failureThreshold: 1 };
    await kubectlOk(env.cluster.kubeconfig, ['apply', '-f', '-'], { input: pod('unready', { command: ['sh', '-c', 'sleep 3; touch /tmp/ready; sleep 3; rm /tmp/ready; sleep 3600'], readinessProbe: readiness }) });
    const readyOf = async (): Promise<unknown> => (await podState(env.cluster, 'unready')).container['ready'];
    await eventually(async () => expect(await readyOf()).toBe(true), 30_000, 100);
    await eventually(async () => expect(await readyOf()).toBe(false), 30_000, 100);
    const table = await kubectlOk(env.cluster.kubeconfig, ['get', 'pod', 'unready']);
    expect(table).toMatch(/0\/1\s+Running/);
    expect((await podState(env.cluster, 'unready')).container['restartCount']).toBe(0);
  }, 60_000);

  it('backs off a crashing container with growing delays, showing CrashLoopBackOff', async () => {
    await kubectlOk(env.cluster.kubeconfig, ['apply', '-f', '-'], { input: pod('crasher', { command: ['sh', '-c', 'exit 1'] }) });
    const reasons = new Set<string>();
    const delays = new Set<number>();
    await eventually(async () => {
      const state = await podState(env.cluster, 'crasher');
      const waiting = isRecord(state.container['state']) && isRecord(state.container['state']['waiting']) ? state.container['state']['waiting'] : undefined;
      if (typeof waiting?.['reason'] === 'string') reasons.add(waiting['reason']);
      const delay = typeof waiting?.['message'] === 'string' ? /^back-off (\d+)s restarting failed container=app pod=crasher_default\(/.exec(waiting['message']) : null;
      if (delay !== null) delays.add(Number(delay[1]));
      if (!(Number(state.container['restartCount']) >= 4) || delays.size < 2) throw new Error(`restarts ${String(state.container['restartCount'])}, delays ${[...delays].join(',')}`);
    }, 60_000, 100);
    expect(reasons).toContain('CrashLoopBackOff');
    // Each restart waits twice as long as the one before, up to the maximum (1 s, 2 s, 4 s here).
    const sorted = [...delays].sort((a, b) => a - b);
    expect(sorted.every((d) => [1, 2, 4].includes(d))).toBe(true);
    expect(sorted.at(-1)).toBeGreaterThan(sorted[0] ?? 0);
    const table = await kubectlOk(env.cluster.kubeconfig, ['get', 'pod', 'crasher']);
    // Between back-offs the container briefly runs (1/1 Running): any of the three, with the restarts and when the last was.
    expect(table).toMatch(/crasher\s+[01]\/1\s+(CrashLoopBackOff|Error|Running)\s+([4-9]|\d{2,}) \(\d+s ago\)/);
    const messages = await kubectlOk(env.cluster.kubeconfig, ['get', 'events', '--field-selector', 'involvedObject.name=crasher', '-o', 'jsonpath={.items[*].message}']);
    expect(messages).toContain('Back-off restarting failed container app');
  }, 90_000);
});
